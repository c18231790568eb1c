# SPDX-License-Identifier: MIT
# cmake -DBIBPORT=... -DPLUGIN_DIR=... -DINPUT=... -DEXPECTED=... -P cli_convert.cmake
# Converts INPUT to RIS with the installed program and the plugin from PLUGIN_DIR, and
# compares the result with EXPECTED byte for byte.
execute_process(
  COMMAND "${BIBPORT}" --plugin-dir "${PLUGIN_DIR}" convert "${INPUT}" -t ris --option line-ending=lf
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "bibport exited with ${status}:\n${err}")
endif()
file(READ "${EXPECTED}" expected)
if(NOT out STREQUAL expected)
  message(FATAL_ERROR "output differs from ${EXPECTED}:\n--- got ---\n${out}\n--- stderr ---\n${err}")
endif()
