/**
 * The public proof of a printed record: `GET /proof/{headHash}` says only whether that head
 * hash is in a signed checkpoint, and since when. No session: whoever holds the paper copy
 * may ask. It names no record and shows no content; a hash is unguessable, and the answer for
 * one says nothing about any other.
 */
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../env.js';
import { checkpointLogOf } from '../../records/checkpoints-job.js';
import { Bi, pageHeaders, renderPage } from './layout.js';
import { shanghaiTime } from '../../../workflows/calendar.js';

const HEAD_HASH = /^[0-9a-f]{64}$/;

export type ProofAnswer = { headHash: string; signed: boolean; since?: string; checkpoint?: number };

/** The answer for one head hash, from the checkpoints that verify (a forged one proves nothing). */
export async function proofOf(deps: AppDeps, headHash: string): Promise<ProofAnswer> {
  const ledger = await checkpointLogOf(deps)?.current();
  const found = ledger?.signed.get(headHash);
  return found ? { headHash, signed: true, since: found.at, checkpoint: found.checkpoint } : { headHash, signed: false };
}

const wantsJson = (accept: string | undefined) => /application\/json/.test(accept ?? '') && !/text\/html/.test(accept ?? '');

export function proofPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', pageHeaders);
  app.get('/:hash', async (c) => {
    const hash = c.req.param('hash').toLowerCase();
    const json = wantsJson(c.req.header('accept'));
    if (!HEAD_HASH.test(hash)) {
      const message = { zh: '这不是一个记录的最新哈希（应为 64 位十六进制）', en: 'This is not a record’s head hash (64 hexadecimal digits)' };
      if (json) return c.json({ error: 'not_found', message }, 404);
      return renderPage(c, 404, { title: { zh: '找不到', en: 'Not found' } }, <><h1><Bi t={{ zh: '找不到', en: 'Not found' }} /></h1><p><Bi t={message} /></p></>);
    }
    const answer = await proofOf(deps, hash);
    if (json) return c.json(answer);
    const title = { zh: '记录证明', en: 'Proof of a record' };
    return renderPage(
      c,
      200,
      { title },
      <div class="proof">
        <h1><Bi t={title} /></h1>
        <p class="hash" id="proof-hash">{hash}</p>
        {answer.signed ? (
          <div class="ok" id="proof-result">
            <Bi t={{ zh: `此最新哈希自 ${shanghaiTime(answer.since!)}（北京时间）起已在签名的检查点中（第 ${answer.checkpoint} 号）。`, en: `This head hash is in a signed checkpoint (#${answer.checkpoint}) since ${shanghaiTime(answer.since!)} (Beijing time).` }} />
          </div>
        ) : (
          <div class="bad" id="proof-result">
            <Bi t={{ zh: '此最新哈希不在任何签名的检查点中。刚打印的记录要等下一次检查点（几分钟内）才会出现。', en: 'This head hash is not in any signed checkpoint. A record printed moments ago appears with the next checkpoint, within minutes.' }} />
          </div>
        )}
        <p class="note">
          <Bi t={{ zh: '本页只回答这个哈希是否被签名记录过，不显示记录的任何内容。核对纸质件：页上的最新哈希须与此处一致。', en: 'This page only says whether the hash was signed; it shows nothing of the record. To check a paper copy, the head hash printed on it must be the one shown here.' }} />
        </p>
      </div>,
    );
  });
  return app;
}
