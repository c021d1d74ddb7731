/**
 * The fixed English text the tiny tokenizer learns its merges from. Plain prose and short
 * dialogue so the merges are ordinary English pieces (" the", "ing", " you"...). Changing this
 * text changes the tiny tokenizer's vocabulary, and with it every tiny model built from it.
 */
export const TINY_CORPUS = `
The quick brown fox jumps over the lazy dog. The dog did not mind; it was a warm afternoon and the
sun was shining on the garden. A small bird sang in the tree by the river, and the children were
playing with a red ball near the water.

What is the capital of France? The capital of France is Paris. What is the capital of Italy? The
capital of Italy is Rome. How many days are there in a week? There are seven days in a week.

Hello! How are you today? I am fine, thank you. Can you help me with a question? Of course, I would
be happy to help you. Please tell me what you need, and I will do my best to answer it.

The user asked the assistant to write a short story. The assistant wrote a story about a robot who
learned to paint. Every morning the robot mixed the colors, and every evening it painted the sky as
it looked from the window of the small house on the hill.

Learning is a process that takes time. When you practice something every day, you get better at
it. Reading, writing and thinking are skills that improve with patience and with good questions.

The model reads the text one token at a time and predicts the next token. Training changes the
weights of the model so that the right answer becomes more likely. This is the simple idea behind
language models, and it works surprisingly well when there is enough data.

Numbers: one, two, three, four, five, six, seven, eight, nine, ten. 1 2 3 4 5 6 7 8 9 10 100 2024.
Colors: red, green, blue, yellow, orange, purple, black, white. Days: Monday, Tuesday, Wednesday,
Thursday, Friday, Saturday, Sunday. It's a nice day, isn't it? They're here and we've been waiting.
`;
