// Socket clients and a paced POST driver in their own process.
// Input (JSON on stdin): { base, path, sockets: [{ cookie }], posts: [{ url, headers, text }], rate, count, event }
// Each post's text carries a marker; the latency is from sending the POST to the moment any
// socket receives `event` with that marker. Output: JSON { latencies, lost, sent }.
import { io } from 'socket.io-client';
import { Agent, request } from 'undici';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const spec = JSON.parse(input);
const agent = new Agent({ connections: 64 });
const sentAt = new Map();
const latencies = [];

const sockets = await Promise.all(
  spec.sockets.map(
    (s) =>
      new Promise((resolve, reject) => {
        const socket = io(spec.base, {
          path: spec.path ?? '/socket.io',
          transports: ['websocket'],
          extraHeaders: s.cookie ? { cookie: s.cookie } : {},
          reconnection: false,
          forceNew: true,
          query: s.query ?? {},
        });
        socket.on(spec.event, (payload) => {
          const marker = /#m(\d+)#/.exec(typeof payload === 'string' ? payload : payload.text ?? '')?.[1];
          if (marker === undefined || !sentAt.has(marker)) return;
          latencies.push(Number(process.hrtime.bigint() - sentAt.get(marker)) / 1e6);
          sentAt.delete(marker);
        });
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      }),
  ),
);

const interval = 1000 / spec.rate;
const start = Date.now();
const inFlight = [];
for (let i = 0; i < spec.count; i++) {
  const wait = start + i * interval - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const post = spec.posts[i % spec.posts.length];
  const marker = String(i);
  sentAt.set(marker, process.hrtime.bigint());
  inFlight.push(
    request(post.url, { method: 'POST', headers: post.headers, body: JSON.stringify({ text: `${post.text} #m${marker}#` }), dispatcher: agent })
      .then((res) => res.body.dump())
      .catch(() => undefined),
  );
}
await Promise.all(inFlight);
await new Promise((r) => setTimeout(r, 1500));
for (const s of sockets) s.close();
await agent.close();
// Exit only once the pipe has taken the whole result: exiting right after write() can cut it off.
process.stdout.write(JSON.stringify({ latencies, lost: sentAt.size, sent: spec.count, sockets: sockets.length }), () => process.exit(0));
