// libqpdf is not linked: it is a C++ library (with GnuTLS behind it) whose loading costs more
// than a whole preview's 5 % (docs/performance.md), and only the PDF step needs it.
// `cqpdf_load` opens it and fills a table of the C API functions this package calls; this
// header gives their types only.
#include <qpdf/qpdf-c.h>

#define CQPDF_FUNCTIONS(X) \
    X(qpdf_cleanup) X(qpdf_get_buffer) X(qpdf_get_buffer_length) X(qpdf_get_error) \
    X(qpdf_get_error_full_text) X(qpdf_get_num_pages) X(qpdf_get_page_n) X(qpdf_get_root) \
    X(qpdf_get_trailer) X(qpdf_has_error) X(qpdf_init) X(qpdf_init_write_memory) X(qpdf_is_encrypted) \
    X(qpdf_make_indirect_object) X(qpdf_oh_append_item) X(qpdf_oh_begin_dict_key_iter) \
    X(qpdf_oh_dict_more_keys) X(qpdf_oh_dict_next_key) X(qpdf_oh_get_array_item) \
    X(qpdf_oh_get_array_n_items) X(qpdf_oh_get_dict) X(qpdf_oh_get_key) X(qpdf_oh_get_name) \
    X(qpdf_oh_get_numeric_value) X(qpdf_oh_get_object_id) X(qpdf_oh_get_page_content_data) \
    X(qpdf_oh_get_stream_data) X(qpdf_oh_has_key) X(qpdf_oh_is_array) X(qpdf_oh_is_dictionary) \
    X(qpdf_oh_is_indirect) X(qpdf_oh_is_name) X(qpdf_oh_is_null) X(qpdf_oh_is_number) X(qpdf_oh_is_stream) \
    X(qpdf_oh_new_array) X(qpdf_oh_new_dictionary) X(qpdf_oh_new_name) X(qpdf_oh_new_null) \
    X(qpdf_oh_new_stream) X(qpdf_oh_new_unicode_string) X(qpdf_oh_parse) X(qpdf_oh_replace_key) \
    X(qpdf_oh_replace_stream_data) X(qpdf_oh_unparse) X(qpdf_push_inherited_attributes_to_page) \
    X(qpdf_read_memory) X(qpdf_set_attempt_recovery) X(qpdf_set_deterministic_ID) \
    X(qpdf_set_minimum_pdf_version) X(qpdf_set_suppress_warnings) X(qpdf_silence_errors) X(qpdf_write)

/// The C API of libqpdf, one field per function, named as the function.
typedef struct {
#define CQPDF_FIELD(name) __typeof__(&name) _Nonnull name;
    CQPDF_FUNCTIONS(CQPDF_FIELD)
#undef CQPDF_FIELD
} cqpdf_api;

/// Opens libqpdf by the name the system's loader knows it by (its soname, found when the
/// package was built: Package.swift) and fills `api`. Returns NULL when done, else what went
/// wrong (dlerror's text: the library or one of its functions is missing).
const char *_Nullable cqpdf_load(cqpdf_api *_Nonnull api);
