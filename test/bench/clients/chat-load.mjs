// Chat fan-out load from its own process: many connected sockets, a few of them members of one
// room who take turns sending with a few messages in flight; every member should receive every line.
// Input (JSON on stdin): { base, members: [{ cookie?, query? }], idle: [{ cookie?, query? }], join?: { event, payload },
//   send: { event, payload }, receive, count, window }
// Output: JSON { seconds, delivered, expected, latencies, failed }.
import { io } from 'socket.io-client';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const spec = JSON.parse(input);

const connect = (s) =>
  new Promise((resolve, reject) => {
    const socket = io(spec.base, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: s.cookie ? { cookie: s.cookie } : {},
      query: s.query ?? {},
      reconnection: false,
      forceNew: true,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });

const idle = [];
for (let i = 0; i < spec.idle.length; i += 100) idle.push(...(await Promise.all(spec.idle.slice(i, i + 100).map(connect))));
const members = await Promise.all(spec.members.map(connect));
if (spec.join) for (const m of members) {
  const ack = await m.emitWithAck(spec.join.event, spec.join.payload);
  if (ack && ack.ok === false) throw new Error(`join refused: ${JSON.stringify(ack)}`);
}

const sentAt = new Map();
const latencies = [];
let delivered = 0;
let lastDelivery = 0n;
const expected = spec.count * members.length;
let finish;
const allIn = new Promise((resolve) => (finish = resolve));
for (const m of members) {
  m.on(spec.receive, (payload) => {
    const marker = /#(\d+)#/.exec(payload.text ?? '')?.[1];
    const at = sentAt.get(marker);
    if (at === undefined) return;
    lastDelivery = process.hrtime.bigint();
    latencies.push(Number(lastDelivery - at) / 1e6);
    if (++delivered === expected) finish();
  });
}

const start = process.hrtime.bigint();
let failed = 0;
let next = 0;
await Promise.all(
  Array.from({ length: spec.window }, async () => {
    for (let i = next++; i < spec.count; i = next++) {
      const sender = members[i % members.length];
      sentAt.set(String(i), process.hrtime.bigint());
      const ack = await sender.emitWithAck(spec.send.event, { ...spec.send.payload, text: `Zeile #${i}#` });
      if (ack && ack.ok === false) failed++;
    }
  }),
);
await Promise.race([allIn, new Promise((r) => setTimeout(r, 15_000))]);
const seconds = Number((lastDelivery || process.hrtime.bigint()) - start) / 1e9;
for (const s of [...idle, ...members]) s.close();
// Exit only once the pipe has taken the whole result: exiting right after write() can cut it off.
process.stdout.write(JSON.stringify({ seconds, delivered, expected, latencies, failed }), () => process.exit(0));
