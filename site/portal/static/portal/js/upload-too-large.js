// Wagtail's multiple-upload widget (documents and images) shows only "upload failed" or "Server Error … 413" when
// an answer has an error status. nginx answers an upload over its size limit (site/deploy/nginx.conf) with 413 and
// {"success": false, "error_message": "Tệp quá lớn…"}: this shows that message in the file's row instead.
document.addEventListener("DOMContentLoaded", function () {
  var $ = window.jQuery;
  if (!$ || !$("#fileupload").length) {
    return;
  }
  $("#fileupload").on("fileuploadalways", function (event, data) {
    var xhr = data.jqXHR;
    if (!xhr || xhr.status !== 413) {
      return;
    }
    var message;
    try {
      message = JSON.parse(xhr.responseText).error_message;
    } catch (error) {
      return;
    }
    if (message) {
      var $row = $(data.context);
      $row.removeClass("upload-server-error").addClass("upload-failure");
      $row.find(".error_messages").text(message);
    }
  });
});
