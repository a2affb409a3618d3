/** RFC 6962 Merkle trees: batch roots and audit paths, and the append-only frontier of the links log. */
package io.cybergraph.proto.merkle;
