package io.vcspbench.core.link;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The shared secret both ends of a TCP link prove they hold in the handshake (HMAC-SHA256 over both
 * sides' nonces, from the JDK), or {@link #NONE}. Its bytes are never printed. Immutable and
 * thread-safe; used only while a connection is set up, off the hot path.
 */
public final class LinkSecret
{
    /** No secret: the handshake proves nothing about the peer (loopback, or {@code --insecure}). */
    public static final LinkSecret NONE = new LinkSecret(null);
    /** Shortest secret accepted, bytes: anything shorter could be guessed. */
    public static final int MIN_LENGTH = 16;
    /** Length of a nonce in the handshake, bytes. */
    static final int NONCE_LENGTH = 16;
    /** Length of a proof (HMAC-SHA256), bytes. */
    static final int PROOF_LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] LISTENER_LABEL = "vcsp-bench listener proof".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTOR_LABEL = "vcsp-bench connector proof".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;

    private LinkSecret(final byte[] key)
    {
        this.key = key;
    }

    /**
     * @param secret the secret's bytes, at least {@link #MIN_LENGTH}; copied.
     * @return the secret.
     * @throws IllegalArgumentException if it is shorter than {@link #MIN_LENGTH} bytes.
     */
    public static LinkSecret of(final byte[] secret)
    {
        if (secret.length < MIN_LENGTH)
        {
            throw new IllegalArgumentException("the shared secret must be at least " + MIN_LENGTH + " bytes, was " +
                secret.length + "; make one with: head -c 32 /dev/urandom | base64 > FILE");
        }
        return new LinkSecret(secret.clone());
    }

    /** @return whether there is a secret to prove. */
    public boolean isSet()
    {
        return key != null;
    }

    static byte[] nonce()
    {
        final byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    static long sessionId()
    {
        return RANDOM.nextLong();
    }

    /** The listener's proof: HMAC(secret, label, channel, session, connector's nonce, listener's nonce). */
    byte[] listenerProof(final int channelId, final long session, final byte[] connectorNonce, final byte[] listenerNonce)
    {
        return proof(LISTENER_LABEL, channelId, session, connectorNonce, listenerNonce);
    }

    /** The connector's proof, under another label so one side's proof never serves as the other's. */
    byte[] connectorProof(final int channelId, final long session, final byte[] connectorNonce, final byte[] listenerNonce)
    {
        return proof(CONNECTOR_LABEL, channelId, session, connectorNonce, listenerNonce);
    }

    /** Constant-time comparison of a proof received with the one expected. */
    static boolean matches(final byte[] expected, final byte[] received)
    {
        return MessageDigest.isEqual(expected, received);
    }

    private byte[] proof(final byte[] label, final int channelId, final long session, final byte[] connectorNonce,
        final byte[] listenerNonce)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(label);
            mac.update(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(channelId).putLong(session).array());
            mac.update(connectorNonce);
            mac.update(listenerNonce);
            return mac.doFinal();
        }
        catch (final GeneralSecurityException e)
        {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString()
    {
        return key == null ? "LinkSecret[none]" : "LinkSecret[" + key.length + " bytes]";
    }
}
