#include "bindings/convert.h"

#include <cmath>
#include <utility>
#include <vector>

#include "core/plan/plan_parser.h"
#include "core/text/date.h"
#include "core/util/strings.h"

namespace planlint::python {
namespace {

// RFC 6901 escaping of one reference token.
std::string EscapeToken(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string TypeNameOf(py::handle obj) { return Py_TYPE(obj.ptr())->tp_name; }

class DictPlanBuilder {
 public:
  DictPlanBuilder(const std::string& file, DictProblem* problem)
      : builder_(file), problem_(problem) {}

  std::optional<Plan> Run(py::handle obj) {
    if (!PyDict_Check(obj.ptr())) {
      Fail(Cat("a plan is a JSON object (a dict), not a ", TypeNameOf(obj)));
      return std::nullopt;
    }
    if (!Add(obj, 1)) return std::nullopt;
    return builder_.Build();
  }

 private:
  bool Fail(std::string message) {
    std::string pointer;
    for (const std::string& token : path_) Append(&pointer, "/", EscapeToken(token));
    *problem_ = {std::move(pointer), std::move(message)};
    return false;
  }

  bool AddNumber(PyObject* o) {
    if (PyLong_Check(o)) {
      int overflow = 0;
      long long i = PyLong_AsLongLongAndOverflow(o, &overflow);
      if (overflow == 0) {
        if (i == -1 && PyErr_Occurred()) throw py::error_already_set();
        builder_.Int(i);
        return true;
      }
      if (overflow > 0) {
        unsigned long long u = PyLong_AsUnsignedLongLong(o);
        if (!PyErr_Occurred()) {
          builder_.Uint(u);
          return true;
        }
        PyErr_Clear();
      }
      double d = PyLong_AsDouble(o);
      if (d == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        return Fail("integer too large for a JSON number");
      }
      builder_.Double(d);
      return true;
    }
    double d = PyFloat_AsDouble(o);
    if (d == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      return Fail(Cat("a ", TypeNameOf(o), " that cannot be read as a number"));
    }
    if (!std::isfinite(d))
      return Fail(Cat(py::str(py::handle(o)).cast<std::string>(),
                      " is not a JSON number (JSON has no NaN or Infinity)"));
    builder_.Double(d);
    return true;
  }

  bool Add(py::handle obj, int depth) {
    if (depth > kMaxPlanDepth) {
      return Fail(Cat("nesting deeper than ", kMaxPlanDepth, " levels (is the dict recursive?)"));
    }
    PyObject* o = obj.ptr();
    if (o == Py_None) {
      builder_.Null();
    } else if (PyBool_Check(o)) {
      builder_.Bool(o == Py_True);
    } else if (PyUnicode_Check(o)) {
      Py_ssize_t size = 0;
      const char* data = PyUnicode_AsUTF8AndSize(o, &size);
      if (data == nullptr) {
        PyErr_Clear();
        return Fail("a string that is not valid Unicode (a lone surrogate?)");
      }
      builder_.String(std::string_view(data, static_cast<size_t>(size)));
    } else if (PyDict_Check(o)) {
      builder_.BeginObject();
      PyObject* key = nullptr;
      PyObject* value = nullptr;
      Py_ssize_t pos = 0;
      while (PyDict_Next(o, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) {
          path_.push_back(py::repr(key).cast<std::string>());
          return Fail(Cat("object keys must be strings, not ", TypeNameOf(key)));
        }
        Py_ssize_t size = 0;
        const char* data = PyUnicode_AsUTF8AndSize(key, &size);
        if (data == nullptr) {
          PyErr_Clear();
          return Fail("an object key that is not valid Unicode (a lone surrogate?)");
        }
        std::string_view k(data, static_cast<size_t>(size));
        builder_.Key(k);
        path_.emplace_back(k);
        // Keep the key and value alive while a callback (__index__) runs.
        py::object keep_key = py::reinterpret_borrow<py::object>(key);
        py::object keep_value = py::reinterpret_borrow<py::object>(value);
        if (!Add(keep_value, depth + 1)) return false;
        path_.pop_back();
      }
      builder_.EndObject();
    } else if (PyList_Check(o) || PyTuple_Check(o)) {
      builder_.BeginArray();
      py::sequence items = py::reinterpret_borrow<py::sequence>(obj);
      size_t n = static_cast<size_t>(PySequence_Fast_GET_SIZE(o));
      for (size_t i = 0; i < n; ++i) {
        path_.push_back(std::to_string(i));
        if (!Add(items[i], depth + 1)) return false;
        path_.pop_back();
      }
      builder_.EndArray();
    } else if (PyLong_Check(o) || PyFloat_Check(o)) {
      return AddNumber(o);
    } else if (PyIndex_Check(o)) {
      py::object index = py::reinterpret_steal<py::object>(PyNumber_Index(o));
      if (!index) {
        PyErr_Clear();
        return Fail(Cat("a ", TypeNameOf(o), " whose __index__ failed"));
      }
      return AddNumber(index.ptr());
    } else if (Py_TYPE(o)->tp_as_number != nullptr &&
               Py_TYPE(o)->tp_as_number->nb_float != nullptr) {
      return AddNumber(o);
    } else {
      return Fail(Cat("a ", TypeNameOf(o),
                      " has no JSON form (use dict, list, str, int, float, bool or None)"));
    }
    return true;
  }

  PlanBuilder builder_;
  DictProblem* problem_;
  std::vector<std::string> path_;
};

py::object DateObject(text::DayNumber day) {
  static py::object* date_type = new py::object(py::module_::import("datetime").attr("date"));
  return date_type->attr("fromisoformat")(text::FormatDate(day));
}

py::object ToPythonAt(expr::EvalContext& ctx, const expr::Value& v, const std::string& expression,
                      int depth) {
  using expr::ValueKind;
  if (depth > 200)
    RaisePython("ExpressionError",
                py::make_tuple(expression, py::none(), "value nested too deeply"));
  switch (v.kind) {
    case ValueKind::kAbsent:
    case ValueKind::kNull:
      return py::none();
    case ValueKind::kBool:
      return py::bool_(v.b);
    case ValueKind::kInt:
      return py::int_(v.i);
    case ValueKind::kUint:
      return py::int_(v.u);
    case ValueKind::kDouble:
      return py::float_(v.d);
    case ValueKind::kType:
    case ValueKind::kString: {
      std::string_view s = v.string();
      return py::reinterpret_steal<py::object>(
          PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace"));
    }
    case ValueKind::kDate:
      return DateObject(v.date);
    case ValueKind::kError:
      RaisePython("ExpressionError",
                  py::make_tuple(expression, py::none(), std::string(v.string())));
    case ValueKind::kList: {
      py::list out;
      for (const expr::Value& item : ctx.Items(v))
        out.append(ToPythonAt(ctx, item, expression, depth + 1));
      return out;
    }
    case ValueKind::kMap: {
      py::dict out;
      std::vector<std::pair<expr::Value, expr::Value>> entries;
      ctx.Entries(v, &entries);
      for (const auto& [key, value] : entries) {
        out[ToPythonAt(ctx, key, expression, depth + 1)] =
            ToPythonAt(ctx, value, expression, depth + 1);
      }
      return out;
    }
  }
  return py::none();
}

}  // namespace

std::optional<Plan> BuildPlan(py::handle obj, const std::string& file, DictProblem* problem) {
  DictPlanBuilder builder(file, problem);
  return builder.Run(obj);
}

py::object ToPython(expr::EvalContext& ctx, const expr::Value& v, const std::string& expression) {
  return ToPythonAt(ctx, v, expression, 0);
}

YAML::Node ToYaml(py::handle obj, const std::string& where) {
  PyObject* o = obj.ptr();
  if (o == Py_None) return YAML::Node(YAML::NodeType::Null);
  if (PyBool_Check(o)) return YAML::Node(o == Py_True ? "true" : "false");
  if (PyUnicode_Check(o)) {
    YAML::Node node(obj.cast<std::string>());
    node.SetTag("!");  // quoted: always text
    return node;
  }
  if (PyLong_Check(o) || PyIndex_Check(o))
    return YAML::Node(py::str(py::reinterpret_borrow<py::object>(obj)).cast<std::string>());
  if (PyFloat_Check(o)) {
    double d = obj.cast<double>();
    if (!std::isfinite(d)) throw py::value_error(Cat(where, ": ", d, " is not a finite number"));
    return YAML::Node(py::repr(obj).cast<std::string>());
  }
  if (PyDict_Check(o)) {
    YAML::Node node(YAML::NodeType::Map);
    for (auto [key, value] : py::reinterpret_borrow<py::dict>(obj)) {
      if (!PyUnicode_Check(key.ptr())) {
        throw py::type_error(Cat(where, ": option names must be strings, not ", TypeNameOf(key)));
      }
      std::string k = key.cast<std::string>();
      node[k] = ToYaml(value, Cat(where, ".", k));
    }
    return node;
  }
  if (PyList_Check(o) || PyTuple_Check(o)) {
    YAML::Node node(YAML::NodeType::Sequence);
    size_t i = 0;
    for (py::handle item : py::reinterpret_borrow<py::sequence>(obj)) {
      node.push_back(ToYaml(item, Cat(where, "[", i++, "]")));
    }
    return node;
  }
  throw py::type_error(
      Cat(where, ": a ", TypeNameOf(obj),
          " cannot be an option value (use str, int, float, bool, None, list or dict)"));
}

void RaisePython(const char* name, const py::tuple& args) {
  py::object cls = py::module_::import("planlint._errors").attr(name);
  py::object exc = cls(*args);
  PyErr_SetObject(cls.ptr(), exc.ptr());
  throw py::error_already_set();
}

}  // namespace planlint::python
