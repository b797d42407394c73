/**
 * The names of the links a facilitator hands out, pure: one name per link,
 * each saying what it grants, none a near-twin of another ("Review" beside
 * "Reviewer" was). The share panel, the console and the tests use these words.
 */
export type LinkKind = 'participant' | 'projector' | 'viewer' | 'viewer-review' | 'reviewer' | 'facilitator';

interface LinkName {
  /** Who or what the link is for. */
  name: string;
  /** What it lets them do. */
  grants: string;
}

export const LINK_NAMES: Readonly<Record<LinkKind, LinkName>> = {
  participant: { name: 'Participant link', grants: 'edit' },
  projector: { name: 'Projector link', grants: 'the wall, shows the join code' },
  viewer: { name: 'Viewer link', grants: 'read only' },
  'viewer-review': { name: 'Viewer link to the review summary', grants: 'read only' },
  reviewer: { name: 'Reviewer link', grants: 'comment and check in' },
  facilitator: { name: 'Facilitator link', grants: 'full control, keep it private' },
};

/** "Participant link — edit": a link's label, its name and what it grants. */
export function linkLabel(kind: LinkKind): string {
  const { name, grants } = LINK_NAMES[kind];
  return `${name} — ${grants}`;
}
