/**
 * The AgentUpdate the viewer sends several times a second: where the agent
 * faces and where its camera is. One value object is kept and mutated, so the
 * periodic send allocates nothing of ours.
 */
export interface AgentCamera {
  /** Camera position, region coordinates. */
  center: Float32Array;
  /** Unit axes: where the camera looks, its left, its up. */
  atAxis: Float32Array;
  leftAxis: Float32Array;
  upAxis: Float32Array;
  /** Draw distance the simulator uses for its interest list. */
  far: number;
}

export function createAgentCamera(far = 128): AgentCamera {
  return {
    center: Float32Array.of(128, 128, 30),
    atAxis: Float32Array.of(1, 0, 0),
    leftAxis: Float32Array.of(0, 1, 0),
    upAxis: Float32Array.of(0, 0, 1),
    far,
  };
}

export interface AgentUpdateValue {
  AgentData: {
    AgentID: string; SessionID: string;
    BodyRotation: Float32Array; HeadRotation: Float32Array;
    State: number;
    CameraCenter: Float32Array; CameraAtAxis: Float32Array; CameraLeftAxis: Float32Array; CameraUpAxis: Float32Array;
    Far: number; ControlFlags: number; Flags: number;
  };
}

export function createAgentUpdateValue(agentId: string, sessionId: string, camera: AgentCamera): AgentUpdateValue {
  return {
    AgentData: {
      AgentID: agentId, SessionID: sessionId,
      BodyRotation: Float32Array.of(0, 0, 0, 1), HeadRotation: Float32Array.of(0, 0, 0, 1),
      State: 0,
      CameraCenter: camera.center, CameraAtAxis: camera.atAxis, CameraLeftAxis: camera.leftAxis, CameraUpAxis: camera.upAxis,
      Far: camera.far, ControlFlags: 0, Flags: 0,
    },
  };
}

/**
 * The body's heading: `bodyYaw` (radians, 0 = east, counter-clockwise) when the
 * viewer steers the avatar; NaN faces the body the way the camera looks (yaw only).
 */
export function updateBodyRotation(value: AgentUpdateValue, camera: AgentCamera, bodyYaw = Number.NaN): void {
  const yaw = Number.isNaN(bodyYaw) ? Math.atan2(camera.atAxis[1]!, camera.atAxis[0]!) : bodyYaw;
  const q = value.AgentData.BodyRotation;
  q[0] = 0; q[1] = 0; q[2] = Math.sin(yaw / 2); q[3] = Math.cos(yaw / 2);
  value.AgentData.Far = camera.far;
}
