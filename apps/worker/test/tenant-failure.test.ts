import { TrainingDataError } from '../src/training/read-examples';
import { internalFailure, userFailure } from '../src/training/tenant-failure';

describe('what a tenant sees when training fails', () => {
  it('an internal error becomes internal_error with the job id to quote, and none of the error text', () => {
    const err = new Error('connect ECONNREFUSED 10.0.3.7:5432 (host gpu-node-7, pid 4242)');
    expect(userFailure(err)).toBeNull();
    const failure = internalFailure('ftjob-01ABC');
    expect(failure.code).toBe('internal_error');
    expect(failure.message).toContain('ftjob-01ABC');
    expect(failure.message).not.toMatch(/ECONNREFUSED|10\.0\.3\.7|gpu-node|4242/);
  });

  it('an error the tenant must fix keeps its actionable message', () => {
    expect(userFailure(new TrainingDataError('line 3: messages must be an array'))).toEqual({ code: 'invalid_training_data', message: 'line 3: messages must be an array' });
  });
});
