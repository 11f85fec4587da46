import { eventTypeErrors } from './event-type-subscription';

const known = new Set(['project.created', 'project.archived']);
const isKnown = (type: string): boolean => known.has(type);

describe('eventTypeErrors', () => {
  it('should accept known types and ["*"]', () => {
    expect(eventTypeErrors(['project.created', 'project.archived'], isKnown)).toEqual([]);
    expect(eventTypeErrors(['*'], isKnown)).toEqual([]);
  });

  it('should name each unknown type by its index', () => {
    expect(eventTypeErrors(['project.created', 'project.exploded', 'nope'], isKnown)).toEqual([
      expect.objectContaining({ field: 'eventTypes[1]', rule: 'eventType' }),
      expect.objectContaining({ field: 'eventTypes[2]', rule: 'eventType' }),
    ]);
  });

  it('should refuse "*" beside other types', () => {
    expect(eventTypeErrors(['project.created', '*'], isKnown)).toEqual([
      expect.objectContaining({ field: 'eventTypes[1]', rule: 'allEventTypes' }),
    ]);
  });
});
