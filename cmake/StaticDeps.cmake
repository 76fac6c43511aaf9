# planlint_prefer_static_archives(TARGET...)
# Points imported libraries at the static archives installed next to their
# shared objects (libX.so.N -> libX.a), where such an archive exists:
#  - an imported SHARED target (absl::*, yaml-cpp): its IMPORTED_LOCATION;
#  - an INTERFACE target listing library files (PkgConfig::RE2): those files.
# Used by PLANLINT_STATIC_DEPS (CMakeLists.txt): loading 39 shared libraries
# was most of the start-up time of a `planlint` process. Debian's archives are
# position-independent, so they link into (PIE) executables; not into shared
# objects, since abseil's use initial-exec thread-local storage.

# The archive beside shared object `path`, or "" when there is none.
function(planlint_archive_of path out)
  string(REGEX REPLACE "\\.so(\\.[0-9]+)*$" ".a" archive "${path}")
  if(NOT archive STREQUAL path AND EXISTS "${archive}")
    set(${out} "${archive}" PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

function(planlint_prefer_static_archives)
  foreach(target IN LISTS ARGN)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "SHARED_LIBRARY")
      set(properties IMPORTED_LOCATION)
      get_target_property(configs ${target} IMPORTED_CONFIGURATIONS)
      foreach(config IN LISTS configs)
        list(APPEND properties IMPORTED_LOCATION_${config})
      endforeach()
      foreach(property IN LISTS properties)
        get_target_property(location ${target} ${property})
        if(location)
          planlint_archive_of("${location}" archive)
          if(archive)
            set_target_properties(${target} PROPERTIES ${property} "${archive}")
          endif()
        endif()
      endforeach()
    elseif(type STREQUAL "INTERFACE_LIBRARY")
      get_target_property(libraries ${target} INTERFACE_LINK_LIBRARIES)
      if(libraries)
        set(replaced "")
        foreach(library IN LISTS libraries)
          planlint_archive_of("${library}" archive)
          if(archive)
            list(APPEND replaced "${archive}")
          else()
            list(APPEND replaced "${library}")
          endif()
        endforeach()
        set_target_properties(${target} PROPERTIES INTERFACE_LINK_LIBRARIES "${replaced}")
      endif()
    endif()
  endforeach()
endfunction()
