/**
 * The ParcelProperties event an arriving agent gets on its event queue: one parcel
 * covering the whole region, member for member as OpenSimulator 0.9 sends it
 * (fixtures/opensim-0.9.2.2/http/event-queue-response-1.llsd.xml).
 */
import { LLSDReal, LLSDUUID, createLLSDMap, type LLSDMap } from '@slv/protocol';
import type { Scene } from '../scene/scene-types.ts';

/** Parcel flags OpenSimulator gives a default parcel (allow fly, scripts, landmarks, terraform, …). */
const DEFAULT_PARCEL_FLAGS = 0x2800204b;
const NULL = LLSDUUID.NULL;

export function parcelPropertiesEvent(scene: Scene, ownerId: string, primCount: number): LLSDMap {
  const size = scene.regionSize;
  // One bit per 4 m × 4 m cell, all set: the parcel is the whole region.
  const bitmap = new Uint8Array((size / 4) * (size / 4) / 8).fill(0xff);
  const flags = new Uint8Array(4);
  new DataView(flags.buffer).setUint32(0, DEFAULT_PARCEL_FLAGS, false);
  const real = (n: number) => new LLSDReal(n);
  const parcel = createLLSDMap({
    LocalID: 1,
    AABBMax: [real(size), real(size), real(0)],
    AABBMin: [real(0), real(0), real(0)],
    Area: size * size,
    AuctionID: 0,
    AuthBuyerID: NULL,
    Bitmap: bitmap,
    Category: 0,
    ClaimDate: new Date(Date.UTC(2026, 0, 1)),
    ClaimPrice: 0,
    Desc: '',
    ParcelFlags: flags,
    GroupID: NULL,
    GroupPrims: 0,
    IsGroupOwned: false,
    LandingType: 2,
    MaxPrims: 15000,
    MediaID: NULL,
    MediaURL: '',
    MediaAutoScale: false,
    MusicURL: '',
    Name: scene.regionName,
    OtherCleanTime: 0,
    OtherCount: 0,
    OtherPrims: 0,
    OwnerID: new LLSDUUID(ownerId),
    OwnerPrims: primCount,
    ParcelPrimBonus: real(1),
    PassHours: real(0),
    PassPrice: 0,
    PublicCount: 0,
    RegionDenyAnonymous: false,
    RegionDenyIdentified: false,
    RegionDenyTransacted: false,
    RegionPushOverride: false,
    RentPrice: 0,
    RequestResult: 0,
    SalePrice: 0,
    SelectedPrims: 0,
    SelfCount: 0,
    SequenceID: 0,
    SimWideMaxPrims: 15000,
    SimWideTotalPrims: primCount,
    SnapSelection: false,
    SnapshotID: NULL,
    Status: 0,
    TotalPrims: primCount,
    UserLocation: [real(0), real(0), real(0)],
    UserLookAt: [real(0), real(0), real(0)],
    SeeAVs: true,
    AnyAVSounds: true,
    GroupAVSounds: true,
  });
  return createLLSDMap({
    ParcelData: [parcel],
    MediaData: [createLLSDMap({
      MediaDesc: '', MediaHeight: 0, MediaWidth: 0, MediaLoop: false, MediaType: 'none/none', ObscureMedia: false, ObscureMusic: false,
    })],
    ParcelExtendedFlags: [createLLSDMap({ Flags: new Uint8Array(4) })],
    AgeVerificationBlock: [createLLSDMap({ RegionDenyAgeUnverified: false })],
    ParcelEnvironmentBlock: [createLLSDMap({ ParcelEnvironmentVersion: -1, RegionAllowEnvironmentOverride: false })],
    RegionAllowAccessBlock: [createLLSDMap({ RegionAllowAccessOverride: true })],
  });
}
