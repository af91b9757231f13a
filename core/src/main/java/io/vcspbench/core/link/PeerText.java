package io.vcspbench.core.link;

/**
 * Makes text that came from a peer (an ERROR frame's reason, a refused handshake's) safe to print:
 * quoted, with every control character escaped, so a peer cannot move the cursor, ring the bell or
 * forge lines of our own output such as "source: sent 16384 pages". Stateless and thread-safe.
 */
public final class PeerText
{
    /** Most characters of a peer's text shown; the rest is cut with "...". */
    public static final int MAX_CHARS = 512;

    private PeerText()
    {
    }

    /**
     * @param text what the peer sent; null is shown as "".
     * @return it in double quotes, control characters (C0, DEL, C1, and the Unicode line and
     *         paragraph separators) as \n, \r, \t, \e or \\u{@code XXXX}, quotes and backslashes escaped,
     *         cut at {@link #MAX_CHARS}.
     */
    public static String quote(final String text)
    {
        final String s = text == null ? "" : text;
        final int n = Math.min(s.length(), MAX_CHARS);
        final StringBuilder sb = new StringBuilder(n + 8).append('"');
        for (int i = 0; i < n; i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x1B -> sb.append("\\e");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default ->
                {
                    if (isControl(c) || Character.isSurrogate(c) && !validSurrogate(s, i))
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
                }
            }
        }
        if (s.length() > n)
        {
            sb.append("...");
        }
        return sb.append('"').toString();
    }

    /**
     * @param text any text.
     * @return whether it holds a character {@link #quote} would escape as a control character.
     */
    public static boolean hasControl(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            if (isControl(text.charAt(i)))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean isControl(final char c)
    {
        return c < 0x20 || c >= 0x7F && c <= 0x9F || c == '\u2028' || c == '\u2029';
    }

    private static boolean validSurrogate(final String s, final int i)
    {
        final char c = s.charAt(i);
        if (Character.isHighSurrogate(c))
        {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
