/** The id of the top bar's Invite button, which opens the share panel: the panel gives the focus back to it (the panel loads on demand, the bar does not). */
export const INVITE_BUTTON_ID = 'invite-button';
