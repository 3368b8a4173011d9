package io.edgefusion.platform.verify;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.contract.MemberRef;
import io.edgefusion.platform.contract.NetworkRules.BindCall;
import io.edgefusion.platform.verify.Value.HostConst;
import io.edgefusion.platform.verify.Value.IntConst;
import io.edgefusion.platform.verify.Value.NewObject;
import io.edgefusion.platform.verify.Value.StrConst;
import io.edgefusion.platform.verify.Violation.CodeLocation;
import io.edgefusion.platform.verify.Violation.Kind;

import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.instruction.StackInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Contract rules network.listen and logging.entry on method bodies. A small abstract interpreter follows
 * constants through the operand stack and through locals stored exactly once, far enough to see
 * {@code new InetSocketAddress("127.0.0.1", 8081)} reach {@code HttpServer.create} or a constant port reach
 * {@code new ServerSocket}. It forgets everything at branch targets and at instructions it does not model, so it
 * can miss a constant but never invents one. Logging bypasses are plain references: {@code System.out},
 * {@code System.err}, {@code java.util.logging}, {@code printStackTrace()}.
 */
final class CodeScan {
    private static final String ISA = "java/net/InetSocketAddress";

    private final CoreContract contract;
    private final ClassSet classes;

    CodeScan(CoreContract contract, ClassSet classes) {
        this.contract = contract;
        this.classes = classes;
    }

    List<Violation> run() {
        Set<Violation> out = new LinkedHashSet<>();
        for (ScannedClass c : classes.all()) {
            for (MethodModel m : c.model().methods()) {
                m.code().ifPresent(code -> new MethodScan(c, m, code, out).run());
            }
        }
        return new ArrayList<>(out);
    }

    private final class MethodScan {
        final ScannedClass c;
        final MethodModel m;
        final CodeModel code;
        final Set<Violation> out;
        final Deque<Value> stack = new ArrayDeque<>();
        final Map<Integer, Value> locals = new HashMap<>();
        final Map<Integer, Integer> storeCount = new HashMap<>();
        int line;

        MethodScan(ScannedClass c, MethodModel m, CodeModel code, Set<Violation> out) {
            this.c = c;
            this.m = m;
            this.code = code;
            this.out = out;
        }

        void run() {
            for (CodeElement e : code) {
                if (e instanceof StoreInstruction s) {
                    storeCount.merge(s.slot(), 1, Integer::sum);
                }
            }
            for (CodeElement e : code) {
                step(e);
            }
        }

        void step(CodeElement e) {
            switch (e) {
                case LineNumber ln -> line = ln.line();
                case LabelTarget t -> stack.clear();
                case ConstantInstruction ci -> stack.push(switch (ci.constantValue()) {
                    case Integer i -> new IntConst(i);
                    case String s -> new StrConst(s);
                    default -> Value.UNKNOWN;
                });
                case LoadInstruction li -> stack.push(storeCount.getOrDefault(li.slot(), 0) == 1
                        ? locals.getOrDefault(li.slot(), Value.UNKNOWN) : Value.UNKNOWN);
                case StoreInstruction si -> locals.put(si.slot(), pop());
                case NewObjectInstruction n -> stack.push(new NewObject(n.className().asInternalName()));
                case StackInstruction s -> stackOp(s.opcode());
                case FieldInstruction f -> field(f);
                case InvokeInstruction i -> invoke(i);
                case InvokeDynamicInstruction d -> {
                    popN(d.typeSymbol().parameterCount());
                    pushResult(d.typeSymbol());
                }
                case java.lang.classfile.Instruction other -> stack.clear();
                default -> {
                }
            }
        }

        void stackOp(Opcode op) {
            switch (op) {
                case DUP -> {
                    Value v = pop();
                    stack.push(v);
                    stack.push(v);
                }
                case POP -> pop();
                case SWAP -> {
                    Value a = pop();
                    Value b = pop();
                    stack.push(a);
                    stack.push(b);
                }
                case DUP_X1 -> {
                    Value a = pop();
                    Value b = pop();
                    stack.push(a);
                    stack.push(b);
                    stack.push(a);
                }
                default -> stack.clear();
            }
        }

        void field(FieldInstruction f) {
            String owner = f.owner().asInternalName();
            String name = f.name().stringValue();
            for (MemberRef r : contract.logging().forbiddenFields()) {
                if (r.matches(owner, name, null)) {
                    logging(r.display());
                }
            }
            forbiddenPackage(owner);
            switch (f.opcode()) {
                case GETSTATIC -> stack.push(Value.UNKNOWN);
                case GETFIELD -> {
                    pop();
                    stack.push(Value.UNKNOWN);
                }
                case PUTSTATIC -> pop();
                default -> {
                    pop();
                    pop();
                }
            }
        }

        void invoke(InvokeInstruction i) {
            String owner = i.owner().asInternalName();
            String name = i.name().stringValue();
            String desc = i.type().stringValue();
            MethodTypeDesc type = i.typeSymbol();
            for (MemberRef r : contract.logging().forbiddenCalls()) {
                if (r.name().equals(name) && (r.descriptor() == null || r.descriptor().equals(desc))
                        && (r.owner() == null || classes.isSubtype(owner, r.owner()))) {
                    logging(r.display());
                }
            }
            forbiddenPackage(owner);
            List<Value> args = new ArrayList<>(popN(type.parameterCount()));
            Value receiver = i.opcode() == Opcode.INVOKESTATIC ? null : pop();
            for (BindCall b : contract.network().bindCalls()) {
                if (b.owner().equals(owner) && b.name().equals(name)) {
                    bind(owner, name, type, args);
                }
            }
            if (name.equals("<init>") && receiver instanceof NewObject o && o.type.equals(ISA)) {
                construct(o, type, args);
                return;
            }
            if (owner.equals("java/net/InetAddress") && name.equals("getByName") && args.getFirst() instanceof StrConst s) {
                stack.push(new HostConst(s.value()));
                return;
            }
            if (owner.equals("java/net/InetAddress") && name.equals("getLoopbackAddress")) {
                stack.push(new HostConst("loopback"));
                return;
            }
            if (owner.equals(ISA) && name.equals("createUnresolved")) {
                NewObject o = new NewObject(ISA);
                construct(o, type, args);
                stack.push(o);
                return;
            }
            pushResult(type);
        }

        /** {@code new InetSocketAddress(port)}, {@code (host, port)}, {@code (InetAddress, port)}. */
        void construct(NewObject o, MethodTypeDesc type, List<Value> args) {
            for (int k = 0; k < args.size(); k++) {
                Value v = args.get(k);
                TypeKind kind = TypeKind.from(type.parameterType(k));
                if (kind == TypeKind.INT && v instanceof IntConst ic) {
                    o.port = ic.value();
                } else if (v instanceof StrConst s) {
                    o.host = s.value();
                } else if (v instanceof HostConst h) {
                    o.host = h.host();
                }
            }
        }

        void bind(String owner, String name, MethodTypeDesc type, List<Value> args) {
            List<String> found = new ArrayList<>();
            for (int k = 0; k < args.size(); k++) {
                Value v = args.get(k);
                TypeKind kind = TypeKind.from(type.parameterType(k));
                if (k == 0 && kind == TypeKind.INT && v instanceof IntConst ic) {
                    found.add("port " + ic.value());
                } else if (v instanceof NewObject o && o.type.equals(ISA) && o.hardCoded()) {
                    // A contract address is what the fix asks for; only a constant port or a host outside the
                    // contract hard-codes where the service listens.
                    boolean foreignHost = o.host != null && !contract.network().contractHost(hostOf(o.host));
                    if (foreignHost || o.port != null) {
                        found.add("address " + o.describe());
                    }
                } else if (v instanceof HostConst h && !contract.network().contractHost(hostOf(h.host()))) {
                    found.add("address " + h.host());
                }
            }
            if (!found.isEmpty()) {
                String call = owner.substring(owner.lastIndexOf('/') + 1) + (name.equals("<init>") ? "(…)" : "." + name);
                out.add(new Violation(Kind.HARD_CODED_BIND, contract.network().rule(), call + " binds "
                        + String.join(" and ", found) + " from constants", location(),
                        "take the port from configuration or the environment (NodeContext.port, EDGEFUSION_PORT_*)"
                                + " and bind the contract's address (" + contract.network().listen().getFirst()
                                .host() + ")"));
            }
        }

        /** {@code getLoopbackAddress()} is recorded as "loopback": compare it as the IPv4 loopback. */
        private static String hostOf(String recorded) {
            return recorded.equals("loopback") ? "127.0.0.1" : recorded;
        }

        void logging(String what) {
            out.add(new Violation(Kind.LOGGING_BYPASS, contract.logging().rule(), what + " used instead of "
                    + contract.logging().entrySimpleName() + " (lines without " + contract.logging().requiredField()
                    + ")", location(), "log through " + contract.logging().entrySimpleName()
                    + ".emit(traceId, level, message)"));
        }

        void forbiddenPackage(String owner) {
            for (String p : contract.logging().forbiddenPackages()) {
                if (owner.startsWith(p + "/")) {
                    logging(p.replace('/', '.'));
                }
            }
        }

        CodeLocation location() {
            return new CodeLocation(c.name(), m.methodName().stringValue(), c.sourceFile(), line);
        }

        void pushResult(MethodTypeDesc type) {
            if (!type.returnType().descriptorString().equals("V")) {
                stack.push(Value.UNKNOWN);
            }
        }

        Value pop() {
            return stack.isEmpty() ? Value.UNKNOWN : stack.pop();
        }

        List<Value> popN(int n) {
            Value[] v = new Value[n];
            for (int k = n - 1; k >= 0; k--) {
                v[k] = pop();
            }
            return List.of(v);
        }
    }
}
