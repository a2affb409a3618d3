package io.cybergraph.node.sync;

/**
 * A focus vector as a node serves it: values and particle texts by index.
 *
 * @param height the height of the focus
 * @param values focus by particle index (not copied; not modified by readers)
 * @param cids particle texts by index (not copied; not modified by readers)
 */
public record ServedFocus(long height, long[] values, String[] cids) {

  public ServedFocus {
    if (values.length != cids.length) {
      throw new IllegalArgumentException(values.length + " values for " + cids.length + " particles");
    }
  }

  public int particles() {
    return values.length;
  }
}
