#!/usr/bin/env node
// A headless bot: logs in, prints objects as they arrive and leave, answers
// local chat, and logs out on Ctrl-C. Plain Node ≥ 20.19, the published
// packages' public exports only (README.md).
//
//   npx slv sim                        # in another terminal: prints the login URI and the demo account
//   node bot.mjs http://127.0.0.1:9000/
//
// The account comes from SLV_FIRST / SLV_LAST / SLV_PASSWORD (default the
// simulator's demo account, Test User / "password").
import { ChatSourceType, ChatType } from '@slv/net';
import { PCode } from '@slv/protocol';
import { connectWorldOverUdp } from '@slv/world/node';

const loginUri = process.argv[2] ?? process.env.SLV_LOGIN_URI ?? 'http://127.0.0.1:9000/';
const credentials = {
  first: process.env.SLV_FIRST ?? 'Test',
  last: process.env.SLV_LAST ?? 'User',
  password: process.env.SLV_PASSWORD ?? 'password',
};

const client = await connectWorldOverUdp({
  loginUri,
  credentials,
  progress: (stage, detail) => console.error(`[${stage}] ${detail}`),
});
const me = client.session.loginAnswer.agentId;
console.log(`logged in as ${credentials.first} ${credentials.last} in "${client.session.region.name}"`);

const KINDS = { [PCode.Prim]: 'prim', [PCode.Avatar]: 'avatar', [PCode.Grass]: 'grass', [PCode.Tree]: 'tree', [PCode.NewTree]: 'tree' };
const describe = (o) => `${KINDS[o.pcode] ?? `pcode ${o.pcode}`} ${o.localId} ${o.fullId} at ${o.position.map((v) => v.toFixed(1)).join(', ')}`;
client.onObjectAdded((o) => console.log(`+ ${describe(o)}`));
client.onObjectRemoved((o) => console.log(`- ${describe(o)}`));

client.onChat((chat) => {
  const spoken = chat.chatType === ChatType.WHISPER || chat.chatType === ChatType.NORMAL || chat.chatType === ChatType.SHOUT;
  if (!spoken) return;
  console.log(`${chat.fromName}: ${chat.message}`);
  // Answer people, not objects, and not our own lines (the simulator echoes them back).
  if (chat.sourceType === ChatSourceType.AGENT && chat.sourceId !== me) client.say(`Hello ${chat.fromName}, you said "${chat.message}"`);
});

// The world systems: create queued objects, move them, place them; then the callbacks above.
const timer = setInterval(() => client.step(), 50);

let leaving = false;
async function leave() {
  if (leaving) return;
  leaving = true;
  clearInterval(timer);
  const { replied } = await client.logout();
  console.log(replied ? 'logged out' : 'logged out (no reply from the simulator)');
  process.exit(0);
}
process.on('SIGINT', leave);
process.on('SIGTERM', leave);
client.ended.then((end) => {
  if (leaving) return;
  console.error(`session ended: ${end.reason}`);
  process.exit(1);
});
