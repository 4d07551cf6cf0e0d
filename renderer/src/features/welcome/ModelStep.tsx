// The welcome's model step: the model recommended for this computer (one card, shared with the
// Models screen), with a word on what it is for.
import { RecommendedModelCard } from '../models/RecommendedModelCard';

export function ModelStep() {
  return (
    <>
      <p className="dialog__text">The model reads your documents on this computer. This is the one we recommend here.</p>
      <RecommendedModelCard idPrefix="welcome" />
      <p className="dialog__text">You can keep going while it downloads. Other models, and your own GGUF files, are on the Models screen.</p>
    </>
  );
}
