package io.vcspbench.core.storage;

import java.io.IOException;

/**
 * A page file that cannot be written, or read as a complete page file of this format. The message is
 * one line that names the file and says what is wrong with it.
 */
public final class PageFileException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the file and what is wrong.
     */
    public PageFileException(final String message)
    {
        super(message);
    }

    /**
     * @param message one line naming the file and what is wrong.
     * @param cause   the I/O error underneath.
     */
    public PageFileException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
