/**
 * What the simulator does with each message a viewer sends on its circuit (pings and
 * acks are the Circuit's business): the handshake steps, camera, controls and throttle
 * updates, local chat (agents/local-chat-relay.ts), object requests, name lookups and
 * logout. Messages from a session other than the circuit's are ignored, as are the many
 * a viewer sends that this region has no use for.
 */
import { MessageIndex, NULL_UUID, readerAs, type PacketDecoder } from '@slv/protocol';
import type { RegionAgent } from './region-agent.ts';
import { relayLocalChat } from '../agents/local-chat-relay.ts';
import { arrive, becomeReady } from './handshake.ts';
import { answerRequestMultipleObjects, type ObjectEncodings } from './object-streamer.ts';
import type { Region } from './region.ts';
import type { SimStatsMeter } from './sim-stats.ts';

export interface MessageContext {
  region: Region;
  encodings: ObjectEncodings;
  meter: SimStatsMeter;
  regionId: string;
  cacheId: string;
}

const THROTTLE_COUNT = 7;

export function handleAgentMessage(ctx: MessageContext, session: RegionAgent, decoder: PacketDecoder): void {
  const region = ctx.region;
  const message = decoder.message;
  if (message === null || session.stage === 'closed') return;
  region.countMessage(message.name);
  switch (message.index) {
    case MessageIndex.UseCircuitCode: {
      if (session.stage === 'login') session.stage = 'circuit';
      // The viewer waits for this ack before anything else: do not make it wait for the ack timer.
      session.circuit?.flushAcks();
      return;
    }
    case MessageIndex.CompleteAgentMovement: {
      const r = readerAs(decoder, 'CompleteAgentMovement')!;
      const a = r.AgentData;
      if (!session.owns(a.bytes, a.AgentIDOffset(), a.SessionIDOffset()) || a.CircuitCode() !== session.identity.circuitCode) return;
      if (session.stage === 'closing') return;
      arrive(region, session, ctx.regionId, ctx.cacheId);
      return;
    }
    case MessageIndex.RegionHandshakeReply: {
      const r = readerAs(decoder, 'RegionHandshakeReply')!;
      if (!session.owns(r.AgentData.bytes, r.AgentData.AgentIDOffset(), r.AgentData.SessionIDOffset())) return;
      becomeReady(region, ctx.encodings, ctx.meter, session, r.RegionInfo.Flags());
      return;
    }
    case MessageIndex.AgentUpdate: {
      const a = readerAs(decoder, 'AgentUpdate')!.AgentData;
      if (!session.owns(a.bytes, a.AgentIDOffset(), a.SessionIDOffset())) return;
      a.CameraCenter(0, session.cameraCenter);
      a.BodyRotation(0, session.motion.bodyRotation);
      session.motion.controlFlags = a.ControlFlags();
      ctx.meter.recordAgentUpdate();
      return;
    }
    case MessageIndex.SetAlwaysRun: {
      const a = readerAs(decoder, 'SetAlwaysRun')!.AgentData;
      if (!session.owns(a.bytes, a.AgentIDOffset(), a.SessionIDOffset())) return;
      session.motion.alwaysRun = a.AlwaysRun();
      return;
    }
    case MessageIndex.AgentThrottle: {
      const r = readerAs(decoder, 'AgentThrottle')!;
      if (!session.owns(r.AgentData.bytes, r.AgentData.AgentIDOffset(), r.AgentData.SessionIDOffset())) return;
      const t = r.Throttle;
      if (t.ThrottlesLength() < THROTTLE_COUNT * 4) return;
      const at = t.ThrottlesOffset();
      const throttles: number[] = [];
      for (let k = 0; k < THROTTLE_COUNT; k++) throttles.push(t.view.getFloat32(at + 4 * k, true));
      session.throttles = throttles;
      return;
    }
    case MessageIndex.AgentHeightWidth: {
      const r = readerAs(decoder, 'AgentHeightWidth')!;
      if (!session.owns(r.AgentData.bytes, r.AgentData.AgentIDOffset(), r.AgentData.SessionIDOffset())) return;
      session.viewerHeight = r.HeightWidthBlock.Height();
      session.viewerWidth = r.HeightWidthBlock.Width();
      return;
    }
    case MessageIndex.ChatFromViewer: {
      const r = readerAs(decoder, 'ChatFromViewer')!;
      if (!session.owns(r.AgentData.bytes, r.AgentData.AgentIDOffset(), r.AgentData.SessionIDOffset())) return;
      // Other channels are for scripts; this region runs none.
      if (r.ChatData.Channel() !== 0) return;
      relayLocalChat(region, session, r.ChatData.Type(), r.ChatData.Message());
      return;
    }
    case MessageIndex.RequestMultipleObjects: {
      const r = readerAs(decoder, 'RequestMultipleObjects')!;
      if (!session.owns(r.AgentData.bytes, r.AgentData.AgentIDOffset(), r.AgentData.SessionIDOffset())) return;
      answerRequestMultipleObjects(region, ctx.encodings, session, r);
      return;
    }
    case MessageIndex.AgentDataUpdateRequest: {
      const r = readerAs(decoder, 'AgentDataUpdateRequest')!;
      if (!session.owns(r.AgentData.bytes, r.AgentData.AgentIDOffset(), r.AgentData.SessionIDOffset())) return;
      session.send('AgentDataUpdate', {
        AgentData: {
          AgentID: session.agentId,
          FirstName: session.identity.firstName,
          LastName: session.identity.lastName,
          GroupTitle: '',
          ActiveGroupID: NULL_UUID,
          GroupPowers: 0n,
          GroupName: '',
        },
      }, true);
      return;
    }
    case MessageIndex.UUIDNameRequest: {
      const r = readerAs(decoder, 'UUIDNameRequest')!;
      const names: { ID: string; FirstName: string; LastName: string }[] = [];
      for (let i = 0; i < r.UUIDNameBlock.count; i++) {
        const known = region.sessions.get(r.UUIDNameBlock.IDString(i));
        if (known) names.push({ ID: known.agentId, FirstName: known.identity.firstName, LastName: known.identity.lastName });
      }
      if (names.length > 0) session.send('UUIDNameReply', { UUIDNameBlock: names }, true);
      return;
    }
    case MessageIndex.LogoutRequest: {
      const r = readerAs(decoder, 'LogoutRequest')!;
      if (!session.owns(r.AgentData.bytes, r.AgentData.AgentIDOffset(), r.AgentData.SessionIDOffset())) return;
      logout(region, session);
      return;
    }
    default:
      return;
  }
}

/**
 * LogoutRequest: LogoutReply (reliable), the avatar leaves the others' view, and the
 * circuit stays only until the reply is acknowledged (or a few seconds pass). With
 * `logoutReply: false` the region closes the circuit without a word.
 */
export function logout(region: Region, session: RegionAgent): void {
  if (session.stage === 'closing' || session.stage === 'closed') return;
  region.log(`${session.fullName} logs out`);
  if (!region.settings.logoutReply) {
    region.endSession(session);
    return;
  }
  session.send('LogoutReply', {
    AgentData: { AgentID: session.agentId, SessionID: session.identity.sessionId },
    InventoryData: [{ ItemID: NULL_UUID }],
  }, true);
  if (session.avatar !== null) {
    region.broadcast('KillObject', { ObjectData: [{ ID: session.avatar.localId }] }, true, session);
    session.avatar = null;
  }
  session.eventQueue.close();
  session.outbox.clear();
  session.stage = 'closing';
  session.since = region.now();
}
