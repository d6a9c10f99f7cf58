#include "core/util/json_reader.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/util/input_error.h"

namespace angiosim {
namespace {

std::string escape_pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string format_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

}  // namespace

JsonReader::JsonReader(std::shared_ptr<const nlohmann::json> root, const nlohmann::json* node,
                       std::shared_ptr<const std::string> file, std::string pointer)
    : root_(std::move(root)), node_(node), file_(std::move(file)), pointer_(std::move(pointer)) {}

JsonReader JsonReader::parse(std::string_view text, const std::string& name) {
  auto file = std::make_shared<const std::string>(name);
  try {
    auto root = std::make_shared<const nlohmann::json>(nlohmann::json::parse(text));
    return JsonReader(root, root.get(), file, "");
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann's message already says "parse error at line L, column C: ..."; keep one line.
    std::string what = e.what();
    for (char& c : what)
      if (c == '\n') c = ' ';
    throw InputError(name + ": not valid JSON: " + what);
  }
}

JsonReader JsonReader::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path);
}

void JsonReader::fail(const std::string& what) const {
  throw InputError(*file_ + ": " + (pointer_.empty() ? "/" : pointer_) + ": " + what);
}

bool JsonReader::has(std::string_view key) const {
  return node_->is_object() && node_->contains(key);
}

JsonReader JsonReader::at(std::string_view key) const {
  if (!node_->is_object()) fail("expected an object");
  auto it = node_->find(key);
  if (it == node_->end()) {
    JsonReader missing(root_, node_, file_, pointer_ + "/" + escape_pointer_token(key));
    missing.fail("missing required field");
  }
  return JsonReader(root_, &*it, file_, pointer_ + "/" + escape_pointer_token(key));
}

std::optional<JsonReader> JsonReader::find(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return at(key);
}

std::vector<JsonReader> JsonReader::elements() const {
  if (!node_->is_array()) fail("expected an array");
  std::vector<JsonReader> out;
  out.reserve(node_->size());
  for (size_t i = 0; i < node_->size(); ++i)
    out.push_back(JsonReader(root_, &(*node_)[i], file_, pointer_ + "/" + std::to_string(i)));
  return out;
}

std::vector<std::string> JsonReader::keys() const {
  if (!node_->is_object()) fail("expected an object");
  std::vector<std::string> out;
  for (auto it = node_->begin(); it != node_->end(); ++it) out.push_back(it.key());
  return out;
}

void JsonReader::expect_only(std::initializer_list<std::string_view> allowed) const {
  for (const std::string& key : keys()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || (a == key);
    if (!known) at(key).fail("unknown field");
  }
}

std::string JsonReader::string() const {
  if (!node_->is_string()) fail("expected a string");
  return node_->get<std::string>();
}

bool JsonReader::boolean() const {
  if (!node_->is_boolean()) fail("expected true or false");
  return node_->get<bool>();
}

double JsonReader::number(double min, double max) const {
  if (!node_->is_number()) fail("expected a number");
  double v = node_->get<double>();
  if (!std::isfinite(v)) fail("expected a finite number");
  if (v < min || v > max)
    fail("value " + format_number(v) + " out of range [" + format_number(min) + ", " +
         format_number(max) + "]");
  return v;
}

int JsonReader::integer(int min, int max) const {
  if (!node_->is_number_integer()) fail("expected an integer");
  return static_cast<int>(number(min, max));
}

glm::dvec3 JsonReader::vec3() const {
  return vec3_range(-1e6, 1e6);
}

glm::dvec3 JsonReader::vec3_range(double min, double max) const {
  if (!node_->is_array() || node_->size() != 3) fail("expected an array of 3 numbers");
  std::vector<JsonReader> e = elements();
  return {e[0].number(min, max), e[1].number(min, max), e[2].number(min, max)};
}

double JsonReader::number_or(std::string_view key, double fallback, double min, double max) const {
  auto v = find(key);
  return v ? v->number(min, max) : fallback;
}

std::string JsonReader::string_or(std::string_view key, const std::string& fallback) const {
  auto v = find(key);
  return v ? v->string() : fallback;
}

bool JsonReader::boolean_or(std::string_view key, bool fallback) const {
  auto v = find(key);
  return v ? v->boolean() : fallback;
}

}  // namespace angiosim
