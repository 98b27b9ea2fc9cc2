/** LLUDP packet header constants (the header itself is 6 bytes: flags, sequence BE, extra length). */
export const PacketFlags = {
  ZEROCODED: 0x80,
  RELIABLE: 0x40,
  RESENT: 0x20,
  APPENDED_ACKS: 0x10,
} as const;

export const HEADER_SIZE = 6;
/** Header plus a one-byte (High) message number. */
export const MIN_PACKET_SIZE = 7;
/** The largest datagram either side accepts (the viewer's NET_BUFFER_SIZE). */
export const MAX_PACKET_SIZE = 8192;
/** What senders fill packets up to when appending acks or packing. */
export const MTU = 1200;
/** At most this many acks ride on one packet (the count is one byte; the viewer stops at 250). */
export const MAX_APPENDED_ACKS = 250;
/** Sequence numbers wrap here (LL_MAX_OUT_PACKET_ID). */
export const SEQUENCE_WRAP = 0x01000000;
