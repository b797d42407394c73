import { useRef } from 'react';
import { ui } from '../../state/ui.ts';
import { usePanelFocus } from '../../ui/usePanelFocus.ts';
import { Icon } from '../../ui/Icon.tsx';
import { PhaseSection } from './PhaseSection.tsx';
import { CloseSection } from './CloseSection.tsx';
import { TimerSection } from './TimerSection.tsx';
import { WritingSection } from './WritingSection.tsx';
import { VotingSection } from './VotingSection.tsx';
import { FocusSection } from './FocusSection.tsx';
import { CardsSection } from './CardsSection.tsx';
import { ClusterSection } from './ClusterSection.tsx';
import { PeopleSection } from './PeopleSection.tsx';
import { ProjectorSection } from './ProjectorSection.tsx';
import { ConsentSection } from './ConsentSection.tsx';
import { PortfolioSection } from './PortfolioSection.tsx';
import './FacilitatorConsole.css';

/** The facilitator's console: runs the workshop (everything here is enforced by the server). */
export default function FacilitatorConsole() {
  // Into the console when it opens (Escape then closes it, as the other panels), back on Facilitate after.
  const heading = useRef<HTMLHeadingElement>(null);
  usePanelFocus(heading, undefined, () => document.querySelector<HTMLElement>('[aria-controls="facilitator-console"]'));
  return (
    <aside id="facilitator-console" className="side-panel facilitator-console" aria-labelledby="console-title" onKeyDown={(e) => e.key === 'Escape' && ui.setConsoleOpen(false)}>
      <header className="side-panel-header">
        <div>
          <p className="eyebrow">Facilitator</p>
          <h2 id="console-title" ref={heading} tabIndex={-1}>
            Run the workshop
          </h2>
        </div>
        <button className="icon-button" type="button" aria-label="Close the facilitator console" onClick={() => ui.setConsoleOpen(false)}>
          <Icon name="close" />
        </button>
      </header>
      <div className="side-panel-body console-body">
        {/* At Close, closing the workshop comes first: the phases have nothing after it. */}
        <CloseSection />
        <PhaseSection />
        <TimerSection />
        <WritingSection />
        <VotingSection />
        <ConsentSection />
        <FocusSection />
        <CardsSection />
        <ClusterSection />
        <PeopleSection />
        <ProjectorSection />
        <PortfolioSection />
      </div>
    </aside>
  );
}
