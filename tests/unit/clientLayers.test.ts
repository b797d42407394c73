/** The client layer rule (scripts/eslint/clientLayers.mjs): imports run down the layers, features and pages do not import each other. */
import { resolve } from 'node:path';
import { describe, it } from 'vitest';
import { RuleTester } from 'eslint';
import clientLayers from '../../scripts/eslint/clientLayers.mjs';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });
const at = (file: string) => resolve('client', file);

tester.run('client-layers/order', clientLayers.rules.order, {
  valid: [
    { filename: at('board/CardView.tsx'), code: "import { ui } from '../state/ui.ts';" },
    { filename: at('board/CardView.tsx'), code: "import { Icon } from '../ui/Icon.tsx'; import { cardLabel } from '../derive/board.ts';" },
    { filename: at('board/CardView.tsx'), code: "import { CardText } from './CardText.tsx'; import { x } from '../../shared/model.ts';" },
    { filename: at('facilitation/console/VotingSection.tsx'), code: "import { votes } from '../../derive/votes.ts';" },
    { filename: at('shell/BoardPage.tsx'), code: "import { PhoneView } from '../phone/PhoneView.tsx';" },
    { filename: at('App.tsx'), code: "const page = () => import('./shell/BoardPage.tsx');" },
    { filename: at('sync/session.ts'), code: "import { fetchExport } from '../api/exports.ts'; import * as Y from 'yjs';" },
  ],
  invalid: [
    { filename: at('state/ui.ts'), code: "import { clampZoom } from '../board/geometry.ts';", errors: [{ messageId: 'up' }] },
    { filename: at('sync/session.ts'), code: "import { fetchExport } from '../commitments/exportFile.ts';", errors: [{ messageId: 'up' }] },
    { filename: at('derive/board.ts'), code: "export { Icon } from '../ui/Icon.tsx';", errors: [{ messageId: 'up' }] },
    { filename: at('board/CardView.tsx'), code: "import { CommitmentChip } from '../commitments/CommitmentChip.tsx';", errors: [{ messageId: 'sideways' }] },
    { filename: at('facilitation/console/ProjectorSection.tsx'), code: "import { ProjectorAccess } from '../../share/ProjectorAccess.tsx';", errors: [{ messageId: 'sideways' }] },
    { filename: at('board/BoardView.tsx'), code: "import { BoardPage } from '../shell/BoardPage.tsx';", errors: [{ messageId: 'up' }] },
    { filename: at('projector/ProjectorPage.tsx'), code: "import { navigate } from '../landing/Landing.tsx';", errors: [{ messageId: 'sideways' }] },
    { filename: at('review/ReviewPage.tsx'), code: "const app = import('../App.tsx');", errors: [{ messageId: 'up' }] },
    { filename: at('newfolder/Thing.tsx'), code: "import { ui } from '../state/ui.ts';", errors: [{ messageId: 'unknown' }] },
  ],
});
