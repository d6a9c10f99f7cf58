#pragma once
// JsonReader walks a parsed JSON document and remembers where it is, so every error names the
// file and the JSON path (RFC 6901 pointer) of the offending field.
#include <glm/vec3.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace angiosim {

class JsonReader {
 public:
  // Parses `path`; throws InputError "path: ..." if it cannot be read or is not valid JSON.
  static JsonReader load_file(const std::string& path);
  // Parses JSON text given inline (tests, small scenarios); `name` stands for the file in errors.
  static JsonReader parse(std::string_view text, const std::string& name);

  const std::string& file() const { return *file_; }
  const std::string& pointer() const { return pointer_; }
  const nlohmann::json& raw() const { return *node_; }

  bool is_object() const { return node_->is_object(); }
  bool has(std::string_view key) const;
  JsonReader at(std::string_view key) const;                   // required member
  std::optional<JsonReader> find(std::string_view key) const;  // optional member
  std::vector<JsonReader> elements() const;                    // array elements (must be an array)
  std::vector<std::string> keys() const;                       // object keys (must be an object)
  // Fails if the object has a member not in `allowed` (catches typos in data files).
  void expect_only(std::initializer_list<std::string_view> allowed) const;

  std::string string() const;
  bool boolean() const;
  double number(double min, double max) const;  // finite and within [min, max]
  int integer(int min, int max) const;
  glm::dvec3 vec3() const;                      // [x, y, z], finite
  glm::dvec3 vec3_range(double min, double max) const;

  // Optional members with defaults.
  double number_or(std::string_view key, double fallback, double min, double max) const;
  std::string string_or(std::string_view key, const std::string& fallback) const;
  bool boolean_or(std::string_view key, bool fallback) const;

  [[noreturn]] void fail(const std::string& what) const;

 private:
  JsonReader(std::shared_ptr<const nlohmann::json> root, const nlohmann::json* node,
             std::shared_ptr<const std::string> file, std::string pointer);
  std::shared_ptr<const nlohmann::json> root_;
  const nlohmann::json* node_;
  std::shared_ptr<const std::string> file_;
  std::string pointer_;
};

}  // namespace angiosim
