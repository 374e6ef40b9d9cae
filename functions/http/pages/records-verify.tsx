/**
 * The record page's verification, in its two parts: integrity (every event hashes and links)
 * and completeness (the chain ends at the record's head and passes through the head its latest
 * signed checkpoint holds). They fail for different reasons, so each says its own.
 */
import type { Child } from 'hono/jsx';
import type { Text } from '../../../forms/language.js';
import type { BreakReason, CompletenessReason } from '../../records/chain.js';
import type { Verification } from '../../records/verify.js';
import { Bi } from './layout.js';
import { shanghaiTime } from '../../../workflows/calendar.js';

const BREAK: Record<BreakReason, Text> = {
  hash: { zh: '其内容与其哈希不符（被修改过）', en: 'its content no longer matches its hash (it was changed)' },
  link: { zh: '其 prevHash 与前一事件的哈希不符', en: 'its prevHash is not the previous event’s hash' },
  sequence: { zh: '它不在应在的位置（有事件被删除或调换）', en: 'it is out of place (an event was removed or reordered)' },
};

const INCOMPLETE: Record<CompletenessReason, Text> = {
  'shorter-than-record': { zh: '历史比记录所记的短：末尾的事件被删除了', en: 'the history is shorter than the record says: events were removed from the end' },
  'longer-than-record': { zh: '历史比记录所记的长', en: 'the history is longer than the record says' },
  'head-differs': { zh: '历史的最后一个事件不是记录所记的最新哈希', en: 'the history’s last event is not the record’s head hash' },
  'shorter-than-checkpoint': { zh: '历史比签名检查点所记的短：事件被删除了', en: 'the history is shorter than a signed checkpoint says: events were removed' },
  'differs-from-checkpoint': { zh: '历史与签名检查点所记的不同：链被改写过', en: 'the history differs from what a signed checkpoint holds: the chain was rewritten' },
};

function Verdict({ ok, id, children }: { ok: boolean; id: string; children?: Child }) {
  return <div class={ok ? 'ok' : 'bad'} id={id}>{children}</div>;
}

export function Verdicts({ v }: { v: Verification }) {
  const { integrity: i, completeness: c, checkpoint } = v;
  return (
    <div class="verdicts">
      <h3><Bi t={{ zh: '完整性：每个事件的哈希与链接', en: 'Integrity: every event’s hash and link' }} /></h3>
      <Verdict ok={i.ok} id="integrity-result">
        {i.ok ? (
          <Bi t={{ zh: `${v.events} 个事件的哈希与链接全部成立。`, en: `All ${v.events} events hash and link.` }} />
        ) : (
          <Bi t={{ zh: `第 ${i.firstBadSeq} 个事件：${BREAK[i.reason!].zh}。`, en: `Event #${i.firstBadSeq}: ${BREAK[i.reason!].en}.` }} />
        )}
      </Verdict>
      <h3><Bi t={{ zh: '齐全性：没有事件从末尾被删除', en: 'Completeness: no event removed from the end' }} /></h3>
      <Verdict ok={c.ok} id="completeness-result">
        {c.ok ? (
          <Bi t={{ zh: `历史止于本记录的最新哈希（第 ${c.record.seq} 个事件）。`, en: `The history ends at this record’s head hash (event #${c.record.seq}).` }} />
        ) : (
          <Bi t={{ zh: `自第 ${c.firstBadSeq} 个事件起：${INCOMPLETE[c.reason!].zh}。`, en: `From event #${c.firstBadSeq}: ${INCOMPLETE[c.reason!].en}.` }} />
        )}
      </Verdict>
      <p id="checkpoint-result">
        {checkpoint ? (
          <Bi t={{
            zh: `签名检查点第 ${checkpoint.seq} 号（${shanghaiTime(checkpoint.at)}，北京时间）记下了第 ${checkpoint.head.seq} 个事件的哈希${c.checkpoint?.ok ? '，历史与之相符' : '，历史与之不符'}。`,
            en: `Signed checkpoint #${checkpoint.seq} (${shanghaiTime(checkpoint.at)}, Beijing time) holds the hash of event #${checkpoint.head.seq}${c.checkpoint?.ok ? '; the history agrees with it' : '; the history does not agree with it'}.`,
          }} />
        ) : (
          <Bi t={{ zh: '尚无签名检查点覆盖此记录（检查点每隔几分钟生成一次）。', en: 'No signed checkpoint covers this record yet (one is made every few minutes).' }} />
        )}
      </p>
      {v.checkpoints ? (
        <div class="bad" id="checkpoints-result">
          <Bi t={{ zh: `签名检查点自第 ${v.checkpoints.checkpoint} 号起无法验证（${v.checkpoints.reason}），其后的检查点均不予采信。`, en: `The signed checkpoints do not verify from #${v.checkpoints.checkpoint} (${v.checkpoints.reason}); none from there on is trusted.` }} />
        </div>
      ) : null}
    </div>
  );
}
