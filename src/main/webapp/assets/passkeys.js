// Passkeys (WebAuthn) in the browser: the server's options JSON in, the credential as JSON out.
// The browser does the WebAuthn work (PublicKeyCredential.parse*OptionsFromJSON and toJSON where it
// has them); the fallback only converts base64url strings to bytes and back, the JSON forms the
// WebAuthn spec defines. Verification is the server's (Yubico's library).

/** True when this browser can create and use passkeys at all. */
export function passkeysSupported() {
  return typeof window.PublicKeyCredential === 'function' && !!navigator.credentials
    && typeof navigator.credentials.create === 'function' && window.isSecureContext;
}

/** Registers a passkey: `publicKeyJson` is the server's `publicKey` options; returns the credential as JSON. */
export async function createPasskey(publicKeyJson) {
  const publicKey = typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function'
    ? PublicKeyCredential.parseCreationOptionsFromJSON(publicKeyJson)
    : creationOptions(publicKeyJson);
  const credential = await navigator.credentials.create({ publicKey });
  return credentialJson(credential);
}

/** Uses a passkey: `publicKeyJson` is the server's `publicKey` request options; returns the assertion as JSON. */
export async function getPasskey(publicKeyJson, { mediation } = {}) {
  const publicKey = typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function'
    ? PublicKeyCredential.parseRequestOptionsFromJSON(publicKeyJson)
    : requestOptions(publicKeyJson);
  const options = { publicKey };
  if (mediation) options.mediation = mediation;
  const credential = await navigator.credentials.get(options);
  if (!credential) throw new DOMException('No passkey was chosen.', 'NotAllowedError');
  return credentialJson(credential);
}

// --- fallback for browsers without the JSON helpers -----------------------------------
function credentialJson(credential) {
  if (typeof credential.toJSON === 'function') return credential.toJSON();
  const response = credential.response;
  const json = {
    id: credential.id,
    rawId: toBase64Url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
    response: { clientDataJSON: toBase64Url(response.clientDataJSON) },
  };
  if (response.attestationObject) {
    json.response.attestationObject = toBase64Url(response.attestationObject);
    if (typeof response.getTransports === 'function') json.response.transports = response.getTransports();
  } else {
    json.response.authenticatorData = toBase64Url(response.authenticatorData);
    json.response.signature = toBase64Url(response.signature);
    if (response.userHandle) json.response.userHandle = toBase64Url(response.userHandle);
  }
  return json;
}

function creationOptions(json) {
  return {
    ...json,
    challenge: fromBase64Url(json.challenge),
    user: { ...json.user, id: fromBase64Url(json.user.id) },
    excludeCredentials: (json.excludeCredentials || []).map(descriptor),
  };
}

function requestOptions(json) {
  return {
    ...json,
    challenge: fromBase64Url(json.challenge),
    allowCredentials: (json.allowCredentials || []).map(descriptor),
  };
}

function descriptor(credential) {
  return { ...credential, id: fromBase64Url(credential.id) };
}

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
}

function toBase64Url(buffer) {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
