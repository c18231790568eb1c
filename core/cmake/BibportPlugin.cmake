# SPDX-License-Identifier: MIT
# bibport_add_plugin(<id> ENTRY <entry.cpp> SOURCES <src>... [LINK_LIBRARIES <lib>...])
#
# Builds a format plugin as the loader expects it:
#   bibport_<id>_impl  static library with the plugin's code (tests link it directly);
#   bibport_<id>       loadable module made of the ENTRY file (the BIBPORT_PLUGIN line),
#                      named bibport_<id>.so, hidden visibility, installed into the plugin folder.
# Works in the bibport tree and, after find_package(bibport), out of tree.
function(bibport_add_plugin id)
  cmake_parse_arguments(P "" "ENTRY" "SOURCES;LINK_LIBRARIES" ${ARGN})
  if(NOT P_ENTRY)
    message(FATAL_ERROR "bibport_add_plugin(${id}): ENTRY <file> is required")
  endif()
  set(impl bibport_${id}_impl)
  add_library(${impl} STATIC ${P_SOURCES})
  target_link_libraries(${impl} PUBLIC bibport::sdk bibport::support ${P_LINK_LIBRARIES})
  set_target_properties(${impl} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)

  add_library(bibport_${id} MODULE ${P_ENTRY})
  target_link_libraries(bibport_${id} PRIVATE ${impl})
  if(NOT DEFINED BIBPORT_PLUGIN_OUTPUT_DIR)
    set(BIBPORT_PLUGIN_OUTPUT_DIR "${CMAKE_BINARY_DIR}/plugins")
  endif()
  set_target_properties(bibport_${id} PROPERTIES
    PREFIX ""
    OUTPUT_NAME bibport_${id}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY "${BIBPORT_PLUGIN_OUTPUT_DIR}")
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    # Everything but the two exported symbols stays inside the plugin.
    target_link_options(bibport_${id} PRIVATE "LINKER:--exclude-libs,ALL")
    # clang links the sanitizer and coverage runtimes into the program only: a sanitized
    # plugin leaves their symbols undefined, and the program provides them when it loads it.
    if(NOT BIBPORT_SANITIZE AND NOT BIBPORT_FUZZ)
      target_link_options(bibport_${id} PRIVATE "LINKER:--no-undefined")
    endif()
  endif()
  install(TARGETS bibport_${id} LIBRARY DESTINATION "${BIBPORT_PLUGIN_INSTALL_DIR}")
endfunction()
