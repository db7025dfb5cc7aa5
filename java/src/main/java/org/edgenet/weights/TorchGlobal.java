package org.edgenet.weights;

/**
 * The only globals a pickle may name: the containers and tensor-rebuild functions that torch.save
 * emits for a state dict, and the storage types. Anything else (os.system, builtins.eval, a model
 * class, numpy's _reconstruct, ...) is refused before it could ever be called; and even these are
 * never "called" as Python would, the unpickler only interprets their arguments.
 */
enum TorchGlobal {
    ORDERED_DICT("collections", "OrderedDict", null),
    REBUILD_TENSOR("torch._utils", "_rebuild_tensor", null),
    REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2", null),
    REBUILD_PARAMETER("torch._utils", "_rebuild_parameter", null),
    REBUILD_PARAMETER_WITH_STATE("torch._utils", "_rebuild_parameter_with_state", null),
    FLOAT_STORAGE("torch", "FloatStorage", DType.F32),
    HALF_STORAGE("torch", "HalfStorage", DType.F16),
    BFLOAT16_STORAGE("torch", "BFloat16Storage", DType.BF16),
    DOUBLE_STORAGE("torch", "DoubleStorage", DType.F64),
    LONG_STORAGE("torch", "LongStorage", DType.I64),
    INT_STORAGE("torch", "IntStorage", DType.I32),
    SHORT_STORAGE("torch", "ShortStorage", DType.I16),
    CHAR_STORAGE("torch", "CharStorage", DType.I8),
    BYTE_STORAGE("torch", "ByteStorage", DType.U8),
    BOOL_STORAGE("torch", "BoolStorage", DType.BOOL);

    private final String module;
    private final String name;
    private final DType storageType;

    TorchGlobal(String module, String name, DType storageType) {
        this.module = module;
        this.name = name;
        this.storageType = storageType;
    }

    /**
     * The allowed global for a pickle's (module, name), or null. Old checkpoints saved from a GPU name
     * torch.cuda.FloatStorage etc.; those are the same data, and this loader always reads to the CPU.
     */
    static TorchGlobal lookup(String module, String name) {
        for (TorchGlobal g : values()) {
            if (g.name.equals(name)
                    && (g.module.equals(module) || (g.storageType != null && module.equals("torch.cuda")))) {
                return g;
            }
        }
        return null;
    }

    /** The element type for a storage class, or null for the callables. */
    DType storageType() {
        return storageType;
    }

    /** Whether REDUCE may apply this global (storage classes are only ever arguments). */
    boolean isCallable() {
        return storageType == null;
    }

    String qualifiedName() {
        return module + "." + name;
    }
}
