import { redeemProjectorCode } from '../api/boards.ts';
import { CodeForm } from './CodeForm.tsx';
import './Landing.css';

/**
 * `/present` on the room PC: type the projector code the facilitator's share
 * panel or console shows, and the wall opens with the read-only projector link.
 */
export default function ProjectorCodePage() {
  return (
    <main className="landing">
      <header className="landing-hero">
        <p className="eyebrow">Product Value Creation Plan</p>
        <h1>Put the workshop on the wall</h1>
        <p className="lede">Type the projector code from the facilitator’s share panel or console. The projector shows the workshop and can never change it.</p>
      </header>
      <div className="landing-cards">
        <CodeForm
          headingId="projector-code-title"
          title="Open the projector"
          label="Projector code"
          submitLabel="Open the projector"
          primary
          autoFocus
          tooShort="A projector code has 8 letters and digits."
          unknown="No workshop has this projector code. Check it in the facilitator’s share panel."
          redeem={redeemProjectorCode}
          page={(boardId, secret) => `/b/${boardId}/present#${secret}`}
        />
      </div>
    </main>
  );
}
