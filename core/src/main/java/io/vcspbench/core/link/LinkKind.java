package io.vcspbench.core.link;

/** The transport behind a {@link Channel}: the rig drives either through the same interface. */
public enum LinkKind
{
    /** In-process: Agrona one-to-one ring buffers between two threads. */
    IPC("ipc"),
    /** NIO socket channels with TCP_NODELAY and direct buffers; two threads or two processes. */
    TCP("tcp");

    private final String cliName;

    LinkKind(final String cliName)
    {
        this.cliName = cliName;
    }

    /**
     * @return the name used on the command line and in result files.
     */
    public String cliName()
    {
        return cliName;
    }

    /**
     * @param name a CLI name such as "ipc".
     * @return the kind.
     * @throws IllegalArgumentException naming the allowed values.
     */
    public static LinkKind fromCliName(final String name)
    {
        for (final LinkKind kind : values())
        {
            if (kind.cliName.equals(name))
            {
                return kind;
            }
        }
        throw new IllegalArgumentException("link must be one of ipc|tcp, was '" + name + "'");
    }
}
