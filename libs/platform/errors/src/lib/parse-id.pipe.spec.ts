import { DomainError } from './domain-error';
import { ParseIdPipe } from './parse-id.pipe';

describe('ParseIdPipe', () => {
  const pipe = new ParseIdPipe();
  const param = { type: 'param' as const, data: 'projectId' };

  it('should pass a uuid through, lower-cased', () => {
    expect(pipe.transform('01A202EA-8E29-76EF-90E0-269D6B86CCC1', param)).toBe('01a202ea-8e29-76ef-90e0-269d6b86ccc1');
  });

  it.each(['42', 'not-a-uuid', "x' OR 1=1 --", '01a202ea-8e29-76ef-90e0-269d6b86ccc1x', ''])(
    'should answer %p as a missing object: 404 NOT_FOUND naming the parameter',
    (value) => {
      let thrown: unknown;
      try {
        pipe.transform(value, param);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect(thrown).toMatchObject({ code: 'NOT_FOUND', status: 404, detail: 'Nothing exists with this projectId.' });
    },
  );
});
