package io.vcspbench.core.storage;

/**
 * Told of each page a {@link PageFileReader} has copied into guest memory, so the caller can mark it
 * present (a bitmap bit, a counter) without an object per page.
 */
@FunctionalInterface
public interface PageSink
{
    /** A sink that does nothing. */
    PageSink NONE = page -> {};

    /**
     * Called once per record, in file order, after the page's bytes are in the target memory; a page
     * with two records is reported twice.
     *
     * @param page page index.
     */
    void onPage(long page);
}
