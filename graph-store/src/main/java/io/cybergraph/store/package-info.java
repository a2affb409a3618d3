/** Module graph-store. */
package io.cybergraph.store;
