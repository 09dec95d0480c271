package dev.rotor.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose {@code X-Forwarded-For} Rotor believes ({@code rotor.http.trusted-proxies}:
 * addresses or CIDR blocks, comma-separated; empty by default, so the header is ignored). A request
 * from a trusted proxy is taken to come from the right-most address in the header that is not itself
 * a trusted proxy; from anywhere else, from its own address, whatever it claims. Session lists, the
 * audit trail and the per-address throttle all use that address.
 */
public final class TrustedProxies {

    /** Only literals are parsed: a header never makes Rotor resolve a host name. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    /** Parses the setting; an entry that is not an address or a CIDR block stops the start. */
    public static TrustedProxies parse(String setting) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : setting == null ? new String[0] : setting.split(",")) {
            String text = entry.strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] parts = text.split("/", 2);
            byte[] address = literal(parts[0]).orElseThrow(() -> invalid(text));
            int bits = address.length * 8;
            if (parts.length == 2) {
                try {
                    bits = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw invalid(text);
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw invalid(text);
                }
            }
            blocks.add(new Block(address, bits));
        }
        return new TrustedProxies(List.copyOf(blocks));
    }

    private static IllegalStateException invalid(String entry) {
        return new IllegalStateException("Rotor configuration cannot work: rotor.http.trusted-proxies holds '" + entry
                + "', which is neither an IP address nor a CIDR block");
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /**
     * The client's address: {@code remoteAddress} itself unless it is a trusted proxy; then the
     * right-most entry of the {@code X-Forwarded-For} values (in the order received) that is not a
     * trusted proxy, stopping at the first entry that is not an address literal.
     */
    public String clientAddress(String remoteAddress, List<String> forwardedFor) {
        if (blocks.isEmpty() || !trusted(remoteAddress) || forwardedFor == null) {
            return remoteAddress;
        }
        List<String> hops = new ArrayList<>();
        forwardedFor.forEach(value -> Arrays.stream(value.split(",")).map(String::strip).forEach(hops::add));
        String client = remoteAddress;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (literal(hop).isEmpty()) {
                return client;
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    boolean trusted(String address) {
        Optional<byte[]> bytes = address == null ? Optional.empty() : literal(address);
        return bytes.isPresent() && blocks.stream().anyMatch(block -> block.contains(bytes.get()));
    }

    private static Optional<byte[]> literal(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private record Block(byte[] address, int bits) {
        boolean contains(byte[] other) {
            if (other.length != address.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (other[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
