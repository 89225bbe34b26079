/** Verbs of the cards' Action.Execute buttons, shared by the card builders and the bot's handlers. */
export const ACTION_VERBS = {
  showTopic: 'showTopic',
  showMenu: 'showMenu',
  checklistShow: 'checklist.show',
  checklistDone: 'checklist.done',
  checklistUndo: 'checklist.undo',
  checklistStuck: 'checklist.stuck',
  checklistAuthenticator: 'checklist.authenticator',
  checklistReset: 'checklist.reset',
  broadcastPreview: 'broadcast.preview',
  broadcastSend: 'broadcast.send',
  broadcastDiscard: 'broadcast.discard',
  broadcastStatus: 'broadcast.status',
  broadcastCancel: 'broadcast.cancel',
  broadcastRecallAsk: 'broadcast.recallAsk',
  broadcastRecall: 'broadcast.recall',
  broadcastRemindAsk: 'broadcast.remindAsk',
  broadcastRemind: 'broadcast.remind',
} as const;

export type ActionVerb = (typeof ACTION_VERBS)[keyof typeof ACTION_VERBS];
