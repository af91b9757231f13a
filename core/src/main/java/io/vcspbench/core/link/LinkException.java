package io.vcspbench.core.link;

/**
 * A link failed: invalid frame, peer error, peer gone, timeout, or handshake mismatch.
 * The message is one line a person can act on.
 */
public class LinkException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the frame or peer.
     */
    public LinkException(final String message)
    {
        super(message);
    }

    /**
     * @param message what went wrong.
     * @param cause   the underlying failure.
     */
    public LinkException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
