package io.vcspbench.harness;

import java.net.InetSocketAddress;

/**
 * Parses {@code HOST:PORT} (or {@code :PORT}, or {@code PORT}) option values; the host defaults to
 * 127.0.0.1 so nothing listens beyond this machine unless asked to.
 */
final class HostPort
{
    /** Default host: loopback only. */
    static final String DEFAULT_HOST = "127.0.0.1";

    private HostPort()
    {
    }

    /**
     * @param option the option's name, for the message.
     * @param value  the value given.
     * @return an unresolved-then-resolved socket address.
     * @throws IllegalArgumentException with one line naming the option.
     */
    static InetSocketAddress parse(final String option, final String value)
    {
        final int colon = value.lastIndexOf(':');
        final String host = colon <= 0 ? DEFAULT_HOST : value.substring(0, colon);
        final String portText = colon < 0 ? value : value.substring(colon + 1);
        final int port;
        try
        {
            port = Integer.parseInt(portText);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException(option + " must be HOST:PORT, was '" + value + "'");
        }
        if (port < 1 || port > 65_535)
        {
            throw new IllegalArgumentException(option + " port must be in [1, 65535], was " + port);
        }
        final InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved())
        {
            throw new IllegalArgumentException(option + " host '" + host + "' cannot be resolved");
        }
        return address;
    }
}
