/** Login: the XML-RPC codec, login_to_simulator for viewers, and its server side for the embedded simulator. */
export { XmlRpcError } from './xmlrpc-error.ts';
export {
  createStruct, isStruct, XmlRpcDouble,
  type XmlRpcMethodCall, type XmlRpcParseOptions, type XmlRpcResponse, type XmlRpcStruct, type XmlRpcValue,
} from './xmlrpc-value.ts';
export { escapeXmlText, formatFault, formatMethodCall, formatMethodResponse, formatValue, type XmlRpcFormatOptions } from './xmlrpc-format.ts';
export { parseMethodCall, parseMethodResponse, parseValue } from './xmlrpc-parse.ts';
export { hashPassword, isPasswordHash, md5, md5Hex } from './md5.ts';
export { formatStart, formatStartLocation, parseStart, type StartLocation, type StartSpec } from './start-location.ts';
export {
  buildLoginParams, DEFAULT_LOGIN_OPTIONS, detectPlatform, LOGIN_METHOD,
  type LoginCredentials, type LoginPlatform, type LoginRequestOptions,
} from './login-request.ts';
export { LoginError, type LoginErrorDetails, type LoginErrorKind } from './login-error.ts';
export {
  parseLoginResponse, parseLoginResponseXml, regionHandle, type HomeLocation, type LoginSuccess, type Vec3,
} from './login-response.ts';
export { DEFAULT_LOGIN_TIMEOUT_MS, login, type LoginOptions } from './login-client.ts';
export {
  formatLoginFailure, formatLoginSuccess, LoginRequestError, loginFailureStruct, loginSuccessStruct, parseLoginRequest,
  OPENSIM_CLASSIFIED_CATEGORIES, OPENSIM_GLOBAL_TEXTURES, OPENSIM_LIBRARY_OWNER, OPENSIM_LIBRARY_ROOT,
  type BuddyInfo, type CategoryInfo, type GestureInfo, type InventoryFolderInfo, type LoginRequest, type LoginSuccessFields,
} from './login-server.ts';
