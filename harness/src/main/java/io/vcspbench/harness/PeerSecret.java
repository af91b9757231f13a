package io.vcspbench.harness;

import io.vcspbench.core.link.LinkSecret;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The shared secret of {@code vcsp source} and {@code vcsp destination}: from {@code --secret-file F}
 * or else the {@code VCSP_SECRET} environment variable, never from the command line, where {@code ps}
 * would show it; and the rule that only loopback may go without one unless {@code --insecure}.
 */
final class PeerSecret
{
    /** The environment variable read when no --secret-file is given. */
    static final String ENVIRONMENT = "VCSP_SECRET";
    /** Help of --secret-file, the same on both commands. */
    static final String FILE_HELP = "File holding the secret both sides share (at least 16 bytes; trailing newlines " +
        "ignored), or set " + ENVIRONMENT + ". Both sides then prove they hold it before any page moves. Required " +
        "beyond loopback unless --insecure.";
    /** Help of --insecure. */
    static final String INSECURE_HELP = "Allow a non-loopback address without a shared secret: any host that " +
        "reaches it can take part in the migration (a warning is printed).";

    private PeerSecret()
    {
    }

    /**
     * @param file the --secret-file value, or null.
     * @return the secret from the file, else from the environment, else {@link LinkSecret#NONE}.
     * @throws IllegalArgumentException with one line naming the file or variable.
     */
    static LinkSecret resolve(final String file)
    {
        if (file != null)
        {
            final byte[] bytes;
            try
            {
                bytes = Files.readAllBytes(Path.of(file));
            }
            catch (final IOException | RuntimeException e)
            {
                throw new IllegalArgumentException("--secret-file " + file + " cannot be read (" +
                    e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
            return of("--secret-file " + file, bytes);
        }
        final String value = System.getenv(ENVIRONMENT);
        return value == null || value.isEmpty() ? LinkSecret.NONE :
            of(ENVIRONMENT, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static LinkSecret of(final String source, final byte[] bytes)
    {
        int length = bytes.length;
        while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r'))
        {
            length--;
        }
        try
        {
            return LinkSecret.of(Arrays.copyOf(bytes, length));
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
        finally
        {
            Arrays.fill(bytes, (byte)0);
        }
    }

    /**
     * @param option   --listen or --connect.
     * @param address  the address given.
     * @param secret   the secret, or none.
     * @param insecure whether --insecure was given.
     * @return null when the address may be used as asked, else the one-line refusal (exit 2).
     */
    static String refusal(final String option, final InetSocketAddress address, final LinkSecret secret,
        final boolean insecure)
    {
        if (secret.isSet() || insecure || address.getAddress().isLoopbackAddress())
        {
            return null;
        }
        return option + " " + describe(address) + " is reachable from other hosts and no shared secret was given: " +
            (option.equals("--listen") ? "any of them could pull the guest memory" :
                "a host posing as the source could feed this destination pages") +
            "; give --secret-file FILE (or " + ENVIRONMENT + ") on both sides, or --insecure to accept the risk";
    }

    /** @return the warning printed when --insecure lets a non-loopback address go without a secret, or null. */
    static String warning(final String option, final InetSocketAddress address, final LinkSecret secret,
        final boolean insecure)
    {
        if (secret.isSet() || !insecure || address.getAddress().isLoopbackAddress())
        {
            return null;
        }
        return "warning: --insecure: " + option + " " + describe(address) + " without a shared secret; any host " +
            "that reaches it can take part in this migration and read the guest memory";
    }

    private static String describe(final InetSocketAddress address)
    {
        return address.getHostString() + ":" + address.getPort();
    }
}
