package org.edgenet.weights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the state dict inside whatever object a .pth file holds.
 *
 * <p>The rule:
 * <ol>
 *   <li>A dict with at least one tensor value under a string key <em>is</em> a state dict; its
 *       other entries are ignored.</li>
 *   <li>Otherwise, look at its entries whose values are dicts and which lead, by this same rule and
 *       at most {@value #MAX_LEVELS} levels down, to a state dict (e.g. {@code {'epoch': 3,
 *       'state_dict': {...}}} or {@code {'model': {'module': {...}}}}). If exactly one entry does,
 *       use it. If several do, take the first of {@link #PREFERRED_KEYS} among them (so a timm
 *       checkpoint's 'state_dict' wins over its 'state_dict_ema'); if none of them is preferred,
 *       the file is ambiguous and the caller must name the entry.</li>
 *   <li>A caller-named entry is looked up first, then the rule continues inside it.</li>
 * </ol>
 * Each dict object is examined once, so shared or cyclic references cannot make the search slow.
 */
final class CheckpointUnwrapper {
    static final int MAX_LEVELS = 3;
    static final List<String> PREFERRED_KEYS = List.of("state_dict", "model_state_dict", "model", "module",
            "net", "network", "params", "weights", "state_dict_ema", "model_ema", "ema");

    /** The state dict and the path of keys that led to it ("" for the top-level object). */
    static final class Found {
        final PyObjects.PyDict dict;
        final String path;

        Found(PyObjects.PyDict dict, String path) {
            this.dict = dict;
            this.path = path;
        }
    }

    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    private CheckpointUnwrapper() {}

    /**
     * @param checkpointKey the entry the caller chose, or null to apply the rule
     * @param location for messages, e.g. "in /models/x.pth"
     */
    static Found find(Object root, String checkpointKey, String location) throws WeightsFormatException {
        if (!(root instanceof PyObjects.PyDict)) {
            throw new WeightsFormatException("the file holds " + PyObjects.aTypeName(root)
                    + ", not a dict of tensors (a state dict or a checkpoint holding one)", location);
        }
        PyObjects.PyDict top = (PyObjects.PyDict) root;
        String prefix = "";
        if (checkpointKey != null) {
            Object chosen = top.map.get(checkpointKey);
            if (!(chosen instanceof PyObjects.PyDict)) {
                throw new WeightsFormatException("the checkpoint has no dict entry '" + checkpointKey
                        + "'; its entries are " + describeEntries(top), location);
            }
            top = (PyObjects.PyDict) chosen;
            prefix = checkpointKey;
        }
        CheckpointUnwrapper search = new CheckpointUnwrapper();
        Found found = search.unwrap(top, prefix, 0, location);
        if (found == null) {
            throw new WeightsFormatException("found no tensors: the " + (prefix.isEmpty() ? "top-level dict"
                    : "entry '" + prefix + "'") + " holds " + describeEntries(top), location);
        }
        return found;
    }

    private Found unwrap(PyObjects.PyDict dict, String path, int level, String location)
            throws WeightsFormatException {
        if (!seen.add(dict)) {
            return null;
        }
        if (holdsTensors(dict)) {
            return new Found(dict, path);
        }
        if (level == MAX_LEVELS) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        List<Found> candidates = new ArrayList<>();
        for (Map.Entry<Object, Object> e : dict.map.entrySet()) {
            if (e.getKey() instanceof String && e.getValue() instanceof PyObjects.PyDict) {
                String key = (String) e.getKey();
                Found f = unwrap((PyObjects.PyDict) e.getValue(), path.isEmpty() ? key : path + "." + key,
                        level + 1, location);
                if (f != null) {
                    keys.add(key);
                    candidates.add(f);
                }
            }
        }
        if (candidates.size() <= 1) {
            return candidates.isEmpty() ? null : candidates.get(0);
        }
        for (String preferred : PREFERRED_KEYS) {
            int i = keys.indexOf(preferred);
            if (i >= 0) {
                return candidates.get(i);
            }
        }
        throw new WeightsFormatException("the checkpoint holds several dicts of tensors " + keys
                + " and none is a usual name; choose one with StateDict.read(path, key)", location);
    }

    private static boolean holdsTensors(PyObjects.PyDict dict) {
        for (Map.Entry<Object, Object> e : dict.map.entrySet()) {
            if (e.getKey() instanceof String && e.getValue() instanceof TensorRef) {
                return true;
            }
        }
        return false;
    }

    /** "{epoch: int, optimizer: dict, ...}" for messages; at most 10 entries. */
    static String describeEntries(PyObjects.PyDict dict) {
        if (dict.map.isEmpty()) {
            return "nothing (an empty dict)";
        }
        StringBuilder sb = new StringBuilder("{");
        int n = 0;
        for (Map.Entry<Object, Object> e : dict.map.entrySet()) {
            if (n == 10) {
                sb.append(", ... ").append(dict.map.size() - n).append(" more");
                break;
            }
            if (n++ > 0) {
                sb.append(", ");
            }
            Object k = e.getKey();
            sb.append(k instanceof String ? "'" + k + "'" : k instanceof Long ? k : PyObjects.typeName(k))
                    .append(": ").append(PyObjects.typeName(e.getValue()));
        }
        return sb.append('}').toString();
    }
}
