import type { DomainEvent } from '@keel/events';
import { AutomationAction } from './automation-action';

/** The project an event is about, when its data carries one. */
export function eventProjectId(event: Pick<DomainEvent, 'data'>): string | undefined {
  const project = event.data['project'];
  if (typeof project !== 'object' || project === null) return undefined;
  const id = (project as Record<string, unknown>)['id'];
  return typeof id === 'string' ? id : undefined;
}

/** The action as it will run for `event`: the project it acts on resolved. */
export function resolveAction(
  action: AutomationAction,
  event: Pick<DomainEvent, 'id' | 'data'>,
): AutomationAction & Record<string, unknown> {
  switch (action.type) {
    case 'send_webhook':
      return { type: action.type, endpointId: action.endpointId, eventId: event.id };
    case 'transition_project':
      return { type: action.type, to: action.to, projectId: action.projectId ?? eventProjectId(event) };
    case 'add_comment':
      return { type: action.type, body: action.body, projectId: action.projectId ?? eventProjectId(event) };
  }
}
