/** What a rule can do when it fires. */
export const ACTION_TYPES = ['send_webhook', 'transition_project', 'add_comment'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Sends the triggering event to one of the workspace's webhook endpoints (signed, with retries). */
export interface SendWebhookAction {
  type: 'send_webhook';
  endpointId: string;
}

/** Moves a project (the event's, unless `projectId` names another) to the state `to`. */
export interface TransitionProjectAction {
  type: 'transition_project';
  to: string;
  projectId?: string;
}

/** Comments on a project (the event's, unless `projectId` names another). */
export interface AddCommentAction {
  type: 'add_comment';
  body: string;
  projectId?: string;
}

export type AutomationAction = SendWebhookAction | TransitionProjectAction | AddCommentAction;

/** Past this event depth (an automation's event caused by an automation's event…), no rule fires. */
export const MAX_AUTOMATION_DEPTH = 3;
