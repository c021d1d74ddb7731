interface TrieNode {
  children: Map<number, TrieNode>;
  /** The added token that ends here. */
  token?: string;
}

/**
 * Cuts text at added tokens exactly as @huggingface/tokenizers' DictionarySplitter does: scanning
 * left to right, at each position the longest token starting there (compared by UTF-16 unit),
 * else the next position; the text between tokens is kept as sections. Faster than the library's
 * object trie, which walks every position: here only positions holding a token's first character
 * are tried, found by indexOf when tokens start with one or two characters (as "<" for Llama 3).
 */
export class AddedTokenSplitter {
  private readonly root: TrieNode = { children: new Map() };
  private readonly startsToken = new Uint8Array(0x10000);
  /** The distinct first characters of the tokens when there are few (typically just "<"), else undefined. */
  private readonly firstChars: string[] | undefined;
  readonly isEmpty: boolean;

  constructor(tokens: readonly string[]) {
    for (const token of tokens) {
      if (token.length === 0) continue; // the library's trie never matches an empty token
      let node = this.root;
      for (let i = 0; i < token.length; i++) {
        const unit = token.charCodeAt(i);
        let child = node.children.get(unit);
        if (!child) node.children.set(unit, (child = { children: new Map() }));
        node = child;
      }
      node.token = token;
      this.startsToken[token.charCodeAt(0)] = 1;
    }
    this.isEmpty = this.root.children.size === 0;
    const firsts = [...this.root.children.keys()];
    this.firstChars = firsts.length <= 2 ? firsts.map((unit) => String.fromCharCode(unit)) : undefined;
  }

  /** Sections of `text`: added tokens and the non-empty texts between them, in order. */
  split(text: string): string[] {
    const sections: string[] = [];
    const n = text.length;
    let start = 0;
    let i = 0;
    while (i < n) {
      i = this.nextCandidate(text, i);
      if (i < 0) break;
      const match = this.longestTokenAt(text, i);
      if (match === undefined) {
        i++;
        continue;
      }
      if (i > start) sections.push(text.slice(start, i));
      sections.push(match);
      i += match.length;
      start = i;
    }
    if (start < n) sections.push(start === 0 ? text : text.slice(start));
    return sections;
  }

  /** The first position from i whose character starts a token, or -1. indexOf (vectorised) when there are one or two such characters. */
  private nextCandidate(text: string, i: number): number {
    const firsts = this.firstChars;
    if (firsts) {
      if (firsts.length === 0) return -1;
      const a = text.indexOf(firsts[0]!, i);
      if (firsts.length === 1) return a;
      const b = text.indexOf(firsts[1]!, i);
      return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }
    for (let j = i; j < text.length; j++) if (this.startsToken[text.charCodeAt(j)]) return j;
    return -1;
  }

  private longestTokenAt(text: string, i: number): string | undefined {
    let node: TrieNode | undefined = this.root;
    let match: string | undefined;
    for (let j = i; j < text.length; j++) {
      node = node.children.get(text.charCodeAt(j));
      if (!node) break;
      if (node.token !== undefined) match = node.token;
    }
    return match;
  }
}
