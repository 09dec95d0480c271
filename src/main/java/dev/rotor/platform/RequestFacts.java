package dev.rotor.platform;

/** Where a request came from, as far as the service can tell: kept with sessions and audit events. */
public record RequestFacts(String clientIp, String userAgent, String deviceName) {

    public static final RequestFacts NONE = new RequestFacts(null, null, null);

    public RequestFacts {
        userAgent = clip(userAgent, 512);
        clientIp = clip(clientIp, 64);
        deviceName = clip(deviceName, 128);
    }

    public RequestFacts withDeviceName(String name) {
        return new RequestFacts(clientIp, userAgent, name);
    }

    private static String clip(String text, int max) {
        if (text == null) {
            return null;
        }
        String printable = text.replaceAll("\\p{Cntrl}", "");
        return printable.length() <= max ? printable : printable.substring(0, max);
    }
}
