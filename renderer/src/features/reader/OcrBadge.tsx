// The OCR mark of a page: "OCR 87%", or "Low OCR confidence 41%" as a warning. Nothing for
// a page whose text came from the PDF itself.
import type { PageInfo } from '../../../../shared/domain';
import { Badge } from '../../components/Badge';
import { AlertIcon, ScanIcon } from '../../components/icons';
import { ocrQuality } from './ocr-quality';

export function OcrBadge({ page }: { readonly page: Pick<PageInfo, 'textSource' | 'ocrConfidence'> }) {
  const quality = ocrQuality(page);
  if (!quality) return null;
  return (
    <span data-testid="ocr-badge" data-low={quality.low ? 'true' : 'false'}>
      <Badge tone={quality.low ? 'warning' : 'neutral'} title={quality.title}>
        {quality.low ? <AlertIcon /> : <ScanIcon />}
        {quality.label}
      </Badge>
    </span>
  );
}
