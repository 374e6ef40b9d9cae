/**
 * The printed record's public proof: its head hash and a QR code for `<publicUrl>/proof/<hash>`,
 * where anyone holding the paper can learn whether that hash is in a signed checkpoint
 * (functions/http/pages/proof.tsx). The QR code is drawn on the server as SVG, inline in the
 * page, so it prints without a request and without a script.
 */
import { raw } from 'hono/html';
import { Bi } from '../http/pages/layout.js';

export type ProofMarkData = { hash: string; url: string; svg: string };

export const proofUrl = (publicUrl: string, hash: string) => `${publicUrl.replace(/\/+$/, '')}/proof/${hash}`;

/** The QR code, loaded only by the print routes that draw one. */
export async function proofMark(publicUrl: string, hash: string): Promise<ProofMarkData> {
  const url = proofUrl(publicUrl, hash);
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 160 });
  // The library's own markup from a URL we built of the public origin and 64 hex digits: no
  // user text reaches it. Named for screen readers, since the picture is the link's only form.
  return { hash, url, svg: svg.replace('<svg ', '<svg role="img" aria-label="QR code" ') };
}

export function ProofMark({ mark }: { mark: ProofMarkData }) {
  return (
    <section class="proof-mark" id="proof-mark">
      <h2><Bi t={{ zh: '公开核验', en: 'Public proof' }} /></h2>
      <p><Bi t={{ zh: '扫描二维码或打开下面的地址，可查证本页所载最新哈希是否已记入签名检查点（不显示记录内容）：', en: 'Scan the code or open the address below to check whether this page’s head hash is in a signed checkpoint (no content is shown):' }} /></p>
      {raw(mark.svg)}
      <p class="hash" id="proof-url">{mark.url}</p>
    </section>
  );
}
