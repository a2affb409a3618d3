/** Module consensus. */
package io.cybergraph.consensus;
