package io.vcspbench.core.storage;

/**
 * Which records of a page file to load: a destination merging a snapshot or a backup takes only the
 * pages it does not hold a newer copy of. Called on the loading thread, once per record.
 */
@FunctionalInterface
public interface PageFilter
{
    /** Loads every record. */
    PageFilter ALL = page -> true;

    /**
     * @param page page index of a record.
     * @return true to copy the record into the target memory, false to skip it.
     */
    boolean accept(long page);
}
