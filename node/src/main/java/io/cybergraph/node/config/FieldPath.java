package io.cybergraph.node.config;

import com.fasterxml.jackson.databind.JsonMappingException;

/** The dotted path of the field a Jackson error is about, e.g. {@code validators[0].power}. */
final class FieldPath {
  private FieldPath() {}

  static String of(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "(top level)" : sb.toString();
  }
}
