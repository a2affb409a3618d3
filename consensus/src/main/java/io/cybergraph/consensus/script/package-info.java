/** Runs the state machine from a scenario (the JSON side lives in the node's CLI). */
package io.cybergraph.consensus.script;
