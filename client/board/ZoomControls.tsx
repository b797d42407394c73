import { Icon } from '../ui/Icon.tsx';
import { useUi } from '../state/ui.ts';
import './ZoomControls.css';

const STEP = 1.2;

/** Zoom out / reset / zoom in / fit to screen, in the corner of the canvas. */
export function ZoomControls({ zoom, onZoom, onFit }: { zoom: number; onZoom: (zoom: number) => void; onFit: () => void }) {
  const besideDrawer = useUi((s) => s.commitmentsOpen);
  return (
    <div className="zoom-controls" role="group" aria-label="Zoom" data-beside-drawer={besideDrawer || undefined}>
      <button className="icon-button" type="button" aria-label="Zoom out" onClick={() => onZoom(zoom / STEP)}>
        <Icon name="zoomOut" />
      </button>
      <button className="zoom-level" type="button" aria-label={`Zoom ${Math.round(zoom * 100)}%, reset to 100%`} onClick={() => onZoom(1)}>
        {Math.round(zoom * 100)}%
      </button>
      <button className="icon-button" type="button" aria-label="Zoom in" onClick={() => onZoom(zoom * STEP)}>
        <Icon name="zoomIn" />
      </button>
      <button className="icon-button" type="button" aria-label="Fit to screen" onClick={onFit}>
        <Icon name="fit" />
      </button>
    </div>
  );
}
